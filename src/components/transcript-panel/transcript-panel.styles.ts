import { css } from 'lit';

export const styles = css`
  :host {
    display: block;
  }
  .panel {
    display: grid;
    gap: 0.75rem;
    min-width: 0;
  }
  audio {
    width: 100%;
  }
  .tools {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    gap: 0.5rem;
  }
  .search {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    gap: 0.375rem;
    flex: 1 1 16rem;
    min-width: 0;
  }
  .search input {
    flex: 1 1 10rem;
    min-width: 0;
    font: inherit;
    color: inherit;
    background: transparent;
    border: 1px solid var(--whisper-border, color-mix(in srgb, currentColor 35%, transparent));
    border-radius: var(--whisper-radius, 0.5rem);
    padding: 0.35em 0.5em;
    min-height: 2.25rem;
  }
  .search button {
    min-width: 2.25rem;
    padding-inline: 0.5em;
  }
  .count {
    font-size: 0.875em;
    font-variant-numeric: tabular-nums;
    color: var(--whisper-muted, color-mix(in srgb, currentColor 70%, transparent));
  }
  .shortcuts summary {
    cursor: pointer;
    width: fit-content;
  }
  .shortcuts summary:focus-visible {
    outline: 2px solid var(--whisper-accent, #2563eb);
    outline-offset: 2px;
  }
  .shortcuts p {
    margin: 0.5rem 0;
    font-size: 0.9em;
  }
  dl {
    display: grid;
    gap: 0.25rem;
    margin: 0;
    font-size: 0.9em;
  }
  dl div {
    display: grid;
    grid-template-columns: minmax(6rem, auto) 1fr;
    gap: 0.75rem;
  }
  dd {
    margin: 0;
  }
  kbd {
    font: inherit;
    font-size: 0.9em;
    padding: 0 0.35em;
    border: 1px solid var(--whisper-border, color-mix(in srgb, currentColor 35%, transparent));
    border-radius: 0.25rem;
  }
`;
