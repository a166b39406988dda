import { css } from 'lit';

/**
 * Defaults every component shares. Colours derive from `currentColor` so the components follow
 * the page's light or dark scheme without their own media queries.
 */
export const sharedStyles = css`
  :host {
    font-family: var(--whisper-font, inherit);
    box-sizing: border-box;
    min-width: 0;
  }
  *,
  *::before,
  *::after {
    box-sizing: inherit;
  }
  [hidden] {
    display: none !important;
  }
  button {
    font: inherit;
    color: inherit;
    background: var(--whisper-button-background, color-mix(in srgb, currentColor 6%, transparent));
    border: 1px solid var(--whisper-border, color-mix(in srgb, currentColor 25%, transparent));
    border-radius: var(--whisper-radius, 0.5rem);
    padding: 0.4em 0.8em;
    cursor: pointer;
    min-height: 2.25rem;
  }
  button:hover:not(:disabled) {
    border-color: var(--whisper-accent, #2563eb);
  }
  button:focus-visible,
  select:focus-visible,
  input:focus-visible {
    outline: 2px solid var(--whisper-accent, #2563eb);
    outline-offset: 2px;
  }
  button:disabled {
    cursor: not-allowed;
    opacity: 0.5;
  }
  progress {
    accent-color: var(--whisper-accent, #2563eb);
    width: 100%;
    height: 0.5rem;
  }
  .visually-hidden {
    position: absolute;
    width: 1px;
    height: 1px;
    overflow: hidden;
    clip-path: inset(50%);
    white-space: nowrap;
  }
`;

/** A question or notice across the page (load consent, a new version): an accented banner with its buttons. */
export const promptStyles = css`
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
`;
