import { css } from 'lit';

export const styles = css`
  :host {
    display: block;
  }
  .form {
    display: flex;
    flex-wrap: wrap;
    gap: 0.75rem 1rem;
  }
  .field {
    display: flex;
    flex-direction: column;
    gap: 0.25rem;
    flex: 1 1 10rem;
    min-width: 0;
  }
  .language {
    flex-basis: 16rem;
  }
  .vocabulary {
    flex-basis: 100%;
  }
  .hint {
    font-size: 0.8em;
    color: var(--whisper-muted, color-mix(in srgb, currentColor 70%, transparent));
  }
  .label {
    font-size: 0.875em;
    color: var(--whisper-muted, color-mix(in srgb, currentColor 70%, transparent));
  }
  .language-controls {
    display: flex;
    flex-wrap: wrap;
    gap: 0.375rem;
  }
  .language-controls input {
    flex: 1 1 6rem;
  }
  .language-controls select {
    flex: 2 1 9rem;
  }
  select,
  input {
    font: inherit;
    color: inherit;
    background: var(--whisper-control-background, transparent);
    border: 1px solid var(--whisper-border, color-mix(in srgb, currentColor 25%, transparent));
    border-radius: var(--whisper-radius, 0.5rem);
    padding: 0.35em 0.5em;
    min-height: 2.25rem;
    min-width: 0;
    max-width: 100%;
  }
  select:disabled,
  input:disabled {
    opacity: 0.6;
  }
  .speakers {
    justify-content: flex-end;
  }
  .switch {
    display: flex;
    align-items: center;
    gap: 0.4rem;
    min-height: 2.25rem;
  }
  .switch input {
    min-height: 0;
  }
  .question {
    margin: 0;
  }
  .question button {
    font: inherit;
    margin-inline-start: 0.25rem;
  }
`;
