import { css } from 'lit';

export const styles = css`
  .message {
    flex: 1 1 20rem;
    margin: 0;
  }
  .actions {
    display: flex;
    flex-wrap: wrap;
    gap: 0.5rem;
  }
`;
