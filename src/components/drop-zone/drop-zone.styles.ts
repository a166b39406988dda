import { css } from 'lit';

export const styles = css`
  :host {
    display: block;
  }
  .zone {
    position: relative;
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    justify-content: center;
    gap: 0.5rem 0.75rem;
    padding: 1.5rem 1rem;
    text-align: center;
    border: 2px dashed var(--whisper-border, color-mix(in srgb, currentColor 30%, transparent));
    border-radius: var(--whisper-radius, 0.5rem);
    transition: border-color 0.15s, background-color 0.15s;
  }
  :host([dragging]) .zone {
    border-color: var(--whisper-accent, #2563eb);
    background: color-mix(in srgb, var(--whisper-accent, #2563eb) 12%, transparent);
  }
  :host([disabled]) .zone {
    opacity: 0.6;
  }
  .text {
    margin: 0;
  }
  button {
    border-color: var(--whisper-accent, #2563eb);
  }
`;
