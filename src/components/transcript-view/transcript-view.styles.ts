import { css } from 'lit';

export const styles = css`
  :host {
    display: block;
    line-height: 1.5;
  }
  .list {
    list-style: none;
    margin: 0;
    padding: 0;
    display: flex;
    flex-direction: column;
    gap: 0.125rem;
  }
  .segment {
    display: flex;
    flex-wrap: wrap;
    align-items: baseline;
    gap: 0 0.5rem;
    width: 100%;
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
    background: color-mix(in srgb, var(--whisper-accent, #2563eb) 15%, transparent);
    border-color: var(--whisper-accent, #2563eb);
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
  .language {
    font-size: 0.75em;
    padding: 0 0.4em;
    border-radius: 999px;
    border: 1px solid color-mix(in srgb, currentColor 30%, transparent);
    color: var(--whisper-muted, color-mix(in srgb, currentColor 70%, transparent));
    white-space: nowrap;
  }
  .spoken {
    display: flex;
    align-items: baseline;
    gap: 0.25rem;
  }
  .speaker,
  .speaker-input {
    font: inherit;
    font-size: 0.875em;
    font-weight: 600;
    flex: 0 0 auto;
    max-width: 12rem;
  }
  .speaker {
    background: transparent;
    border: 1px solid transparent;
    border-radius: var(--whisper-radius, 0.5rem);
    padding: 0.3rem 0.4rem;
    overflow: hidden;
    text-overflow: ellipsis;
    white-space: nowrap;
    cursor: text;
  }
  .speaker:hover {
    border-color: color-mix(in srgb, currentColor 30%, transparent);
  }
  .partial {
    margin: 0.25rem 0 0;
    padding: 0.3rem 0.5rem;
    font-style: italic;
    color: var(--whisper-muted, color-mix(in srgb, currentColor 60%, transparent));
    overflow-wrap: anywhere;
  }
  .empty {
    margin: 0;
    padding: 1rem 0.5rem;
    color: var(--whisper-muted, color-mix(in srgb, currentColor 60%, transparent));
  }
`;
