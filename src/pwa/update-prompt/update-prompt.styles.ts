import { css } from 'lit';

export const styles = css`
  .warning {
    font-size: 0.875em;
  }
  .actions {
    display: flex;
    gap: 0.5rem;
    margin-inline-start: auto;
  }
`;
