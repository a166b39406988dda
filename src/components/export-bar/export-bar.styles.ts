import { css } from 'lit';

export const styles = css`
  :host {
    display: block;
  }
  .group {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    gap: 0.5rem;
  }
  .message {
    flex: 1 1 10rem;
    min-width: 0;
    font-size: 0.875em;
    color: var(--whisper-muted, color-mix(in srgb, currentColor 65%, transparent));
  }
  .message.failed {
    color: var(--whisper-error, #c62828);
  }
`;
