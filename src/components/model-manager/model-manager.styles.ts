import { css } from 'lit';

export const styles = css`
  :host {
    display: block;
  }
  summary {
    cursor: pointer;
    font-weight: 600;
  }
  summary:focus-visible {
    outline: 2px solid var(--whisper-accent, #2563eb);
    outline-offset: 2px;
  }
  .muted {
    font-weight: normal;
    font-size: 0.875em;
    color: var(--whisper-muted, color-mix(in srgb, currentColor 65%, transparent));
  }
  .storage {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    gap: 0.5rem 0.75rem;
    margin-block: 0.5rem;
  }
  meter {
    flex: 1 1 8rem;
  }
  .list {
    list-style: none;
    margin: 0;
    padding: 0;
    display: grid;
    gap: 0.5rem;
  }
  .row {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    gap: 0.25rem 0.75rem;
    padding: 0.5rem 0.75rem;
    border: 1px solid var(--whisper-border, color-mix(in srgb, currentColor 20%, transparent));
    border-radius: var(--whisper-radius, 0.5rem);
  }
  .info {
    flex: 1 1 16rem;
    display: flex;
    flex-wrap: wrap;
    align-items: baseline;
    gap: 0.25rem 0.75rem;
    min-width: 0;
  }
  .name {
    font-weight: 600;
    overflow-wrap: anywhere;
  }
  progress,
  .error {
    flex: 1 0 100%;
  }
  .state.cached {
    color: var(--whisper-success, #2e7d32);
  }
  .error {
    margin: 0;
    color: var(--whisper-error, #b91c1c);
  }
  .actions {
    display: flex;
    gap: 0.5rem;
  }
  .actions:empty {
    display: none;
  }
`;
