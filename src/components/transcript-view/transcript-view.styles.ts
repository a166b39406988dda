import { css } from 'lit';

export const styles = css`
  :host {
    display: block;
    line-height: 1.5;
    --_accent: var(--whisper-accent, #2563eb);
  }
  .list {
    list-style: none;
    margin: 0;
    padding: 0;
    display: flex;
    flex-direction: column;
    gap: 0.125rem;
    max-height: var(--whisper-transcript-max-height, none);
    overflow-y: auto;
    overscroll-behavior: contain;
  }
  .row {
    display: flex;
    align-items: flex-start;
    gap: 0.25rem;
  }
  .segment {
    display: flex;
    flex-wrap: wrap;
    align-items: baseline;
    gap: 0 0.5rem;
    flex: 1 1 auto;
    min-width: 0;
    text-align: start;
    background: transparent;
    border: 1px solid transparent;
    border-radius: var(--whisper-radius, 0.5rem);
    padding: 0.3rem 0.5rem;
    min-height: 0;
  }
  .segment:hover {
    background: color-mix(in srgb, currentColor 6%, transparent);
  }
  .segment[aria-current='true'] {
    background: color-mix(in srgb, var(--_accent) 12%, transparent);
    border-color: var(--_accent);
  }
  .time {
    font-variant-numeric: tabular-nums;
    color: var(--whisper-muted, color-mix(in srgb, currentColor 65%, transparent));
    font-size: 0.875em;
  }
  .text {
    flex: 1 1 12rem;
    min-width: 0;
    overflow-wrap: anywhere;
  }
  .word {
    border-radius: 0.2em;
  }
  .word:hover {
    background: color-mix(in srgb, currentColor 10%, transparent);
  }
  .word.current {
    background: color-mix(in srgb, var(--_accent) 30%, transparent);
    box-shadow: 0 0 0 1px var(--_accent);
  }
  .word.low {
    text-decoration: underline wavy var(--whisper-warning, #b45309);
    text-decoration-thickness: 1px;
    text-underline-offset: 0.25em;
  }
  mark {
    color: inherit;
    background: var(--whisper-highlight, color-mix(in srgb, #facc15 45%, transparent));
    border-radius: 0.15em;
  }
  mark.current {
    outline: 2px solid var(--_accent);
    outline-offset: 1px;
  }
  .badge {
    font-size: 0.75em;
    padding: 0 0.4em;
    border-radius: 999px;
    border: 1px solid color-mix(in srgb, currentColor 30%, transparent);
    color: var(--whisper-muted, color-mix(in srgb, currentColor 70%, transparent));
    white-space: nowrap;
  }
  .speaker {
    margin: 0.5rem 0 0;
    padding: 0 0.5rem;
    min-height: 1.75rem;
    font-weight: 600;
    font-size: 0.9em;
    border-color: transparent;
    background: transparent;
  }
  button.speaker:hover {
    text-decoration: underline;
  }
  .actions {
    display: flex;
    gap: 0.25rem;
    flex: none;
  }
  .actions button {
    font-size: 0.8em;
    min-height: 2rem;
    padding: 0.2em 0.6em;
  }
  /*
   * A segment's Edit and Copy: with a mouse, where the pointer or the focus is (their room kept, so no text moves);
   * on a touch screen, on the segment last touched only, so the others keep the whole width.
   */
  @media (hover: hover) and (pointer: fine) {
    .row:not(:hover):not(:focus-within) .actions {
      visibility: hidden;
    }
  }
  @media not ((hover: hover) and (pointer: fine)) {
    li:not(.focus) .actions {
      display: none;
    }
  }
  .editor {
    flex: 1 1 auto;
    display: grid;
    gap: 0.375rem;
    padding: 0.3rem 0;
  }
  textarea,
  .rename input {
    font: inherit;
    color: inherit;
    background: transparent;
    border: 1px solid var(--whisper-border, color-mix(in srgb, currentColor 35%, transparent));
    border-radius: var(--whisper-radius, 0.5rem);
    padding: 0.35em 0.5em;
    width: 100%;
    resize: vertical;
  }
  textarea:focus-visible {
    outline: 2px solid var(--_accent);
    outline-offset: 2px;
  }
  .editor-actions,
  .rename {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    gap: 0.375rem;
  }
  .rename {
    margin-top: 0.5rem;
  }
  .rename input {
    flex: 1 1 10rem;
    width: auto;
    min-height: 2.25rem;
  }
  .hint {
    font-size: 0.8em;
    color: var(--whisper-muted, color-mix(in srgb, currentColor 65%, transparent));
  }
  .partial {
    margin: 0.25rem 0 0;
    padding: 0.3rem 0.5rem;
    font-style: italic;
    color: var(--whisper-muted, color-mix(in srgb, currentColor 60%, transparent));
    overflow-wrap: anywhere;
  }
  .message {
    margin: 0;
    font-size: 0.875em;
    min-height: 1.3em;
    color: var(--whisper-muted, color-mix(in srgb, currentColor 65%, transparent));
  }
  .message:empty {
    min-height: 0;
  }
  .empty {
    margin: 0;
    padding: 1rem 0.5rem;
    color: var(--whisper-muted, color-mix(in srgb, currentColor 60%, transparent));
  }
`;
