import { css } from 'lit';

export const styles = css`
  :host {
    display: inline-block;
  }
  .badge {
    font-size: 0.75em;
    padding: 0.05em 0.5em;
    border-radius: var(--whisper-radius, 999px);
    border: 1px solid currentColor;
    color: var(--whisper-warning, #b45309);
  }
`;
