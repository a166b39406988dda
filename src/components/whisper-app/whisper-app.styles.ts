import { css } from 'lit';

/**
 * The site's colours, light and dark, as the `--whisper-*` custom properties every element reads (they inherit
 * through shadow roots). The page itself stays unstyled: `<meta name="color-scheme">` lets the browser paint its
 * background and controls in the scheme the system asks for, and this host sets the rest.
 */
export const styles = css`
  :host {
    display: block;
    font-family: var(--whisper-font, system-ui, sans-serif);
    max-width: 90rem;
    margin: 0 auto;
    padding: 1rem;
    box-sizing: border-box;
    color-scheme: light dark;
    /* The system's own page colours, so the app and the page around it are one surface. */
    color: var(--whisper-text, CanvasText);
    background: var(--whisper-background, Canvas);
    --whisper-accent: #2563eb;
    --whisper-error: #b91c1c;
    --whisper-success: #2e7d32;
    --whisper-warning: #b45309;
    --whisper-highlight: color-mix(in srgb, #facc15 45%, transparent);
  }
  @media (prefers-color-scheme: dark) {
    :host {
      --whisper-accent: #7aa7ff;
      --whisper-error: #ff8a80;
      --whisper-success: #7bd88f;
      --whisper-warning: #f5b461;
      --whisper-highlight: color-mix(in srgb, #facc15 30%, transparent);
      --whisper-recording-background: #c62828;
    }
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
    min-width: 0;
  }
  /* One column on a phone, in reading order: settings, files, the transcript, the microphone. */
  .workspace {
    display: grid;
    grid-template-columns: minmax(0, 1fr);
    column-gap: 2rem;
  }
  /* Side by side on a wide screen: what goes in on the left, the transcript and its timeline the main column. */
  @media (min-width: 64rem) {
    .workspace {
      grid-template-columns: minmax(18rem, 26rem) minmax(0, 1fr);
      grid-template-areas:
        'settings transcript'
        'files transcript'
        'microphone transcript'
        '. transcript';
      grid-template-rows: auto auto auto 1fr;
      align-items: start;
    }
    .settings {
      grid-area: settings;
    }
    .files {
      grid-area: files;
    }
    .microphone {
      grid-area: microphone;
    }
    .transcript {
      grid-area: transcript;
      --whisper-transcript-max-height: 60vh;
    }
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
  .suggestion button {
    font: inherit;
    margin-inline-start: 0.25rem;
  }
  .saved-note button {
    font: inherit;
    margin-inline-start: 0.25rem;
  }
`;
