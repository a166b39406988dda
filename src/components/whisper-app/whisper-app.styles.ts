import { css } from 'lit';

export const styles = css`
  :host {
    display: block;
    font-family: var(--whisper-font, system-ui, sans-serif);
    max-width: 60rem;
    margin: 0 auto;
    padding: 1rem;
    box-sizing: border-box;
  }
  header h1 {
    margin: 0 0 0.25rem;
    font-size: 1.5rem;
  }
  header p {
    margin: 0 0 1rem;
    color: var(--whisper-muted, color-mix(in srgb, currentColor 70%, transparent));
  }
  section {
    display: grid;
    gap: 0.75rem;
    margin-block: 1rem;
  }
  h2 {
    font-size: 1.1rem;
    margin: 0;
    overflow-wrap: anywhere;
  }
  .notice,
  .problems {
    border-left: 4px solid var(--whisper-accent, #2563eb);
    padding: 0.5rem 0.75rem;
    margin: 0.5rem 0;
  }
  .problems {
    border-color: var(--whisper-error, #b91c1c);
  }
  audio {
    width: 100%;
  }
  .saved-note,
  .tab-source {
    margin: 0;
  }
  .tab-source button {
    font: inherit;
    margin-inline-end: 0.5rem;
  }
  .saved-note button {
    font: inherit;
    margin-inline-start: 0.25rem;
  }
`;
