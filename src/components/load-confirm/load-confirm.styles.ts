import { css } from 'lit';

export const styles = css`
  :host {
    display: block;
  }
  .prompt {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    gap: 0.5rem 0.75rem;
    padding: 0.5rem 0.75rem;
    border-left: 4px solid var(--whisper-accent, #2563eb);
    border-radius: var(--whisper-radius, 0.5rem);
    background: color-mix(in srgb, var(--whisper-accent, #2563eb) 8%, transparent);
  }
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
