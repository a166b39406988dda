import { css } from 'lit';

export const styles = css`
  :host {
    display: block;
    font-family: var(--whisper-font, inherit);
    color: inherit;
    --_accent: var(--whisper-accent, #2563eb);
    --_radius: var(--whisper-radius, 0.5rem);
  }
  .controls {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    gap: 0.75rem;
  }
  button {
    font: inherit;
    color: inherit;
    border: 1px solid var(--whisper-border, color-mix(in srgb, currentColor 25%, transparent));
    border-radius: var(--_radius);
    background: var(--whisper-button-background, color-mix(in srgb, currentColor 6%, transparent));
    padding: 0.45em 0.9em;
    min-height: 2.5rem;
    cursor: pointer;
  }
  button:focus-visible {
    outline: 2px solid var(--_accent);
    outline-offset: 2px;
  }
  .record[aria-pressed='true'] {
    background: var(--whisper-recording-background, #b91c1c);
    border-color: transparent;
    color: white;
  }
  select {
    font: inherit;
    color: inherit;
    min-height: 2.5rem;
    max-width: 100%;
  }
  meter {
    width: 8rem;
    max-width: 40vw;
  }
  wr-timeline {
    margin-top: 0.75rem;
    --whisper-timeline-height: 3.5rem;
  }
  .status {
    margin: 0.5rem 0;
    color: var(--whisper-muted, color-mix(in srgb, currentColor 70%, transparent));
    font-size: 0.9em;
  }
  .error {
    border-left: 4px solid var(--whisper-error, #b91c1c);
    padding: 0.4rem 0.6rem;
    margin: 0.5rem 0;
  }
  .transcript {
    margin: 0.5rem 0;
    padding: 0;
    list-style: none;
    display: grid;
    gap: 0.25rem;
  }
  .partial {
    font-style: italic;
    color: var(--whisper-partial-color, color-mix(in srgb, currentColor 60%, transparent));
    margin: 0.25rem 0;
  }
`;
