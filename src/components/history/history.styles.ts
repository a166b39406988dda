import { css } from 'lit';

export const styles = css`
  :host {
    display: block;
  }
  .toolbar {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    justify-content: space-between;
    gap: 0.5rem 1rem;
  }
  .summary,
  .empty,
  .muted {
    color: var(--whisper-muted, color-mix(in srgb, currentColor 70%, transparent));
  }
  .summary,
  .empty {
    margin: 0.25rem 0;
  }
  .problem,
  .confirm {
    border-left: 4px solid var(--whisper-error, #b91c1c);
    padding: 0.5rem 0.75rem;
    margin: 0.5rem 0;
  }
  .confirm {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    gap: 0.5rem;
  }
  .confirm p {
    flex: 1 0 100%;
    margin: 0;
  }
  .list {
    list-style: none;
    margin: 0.5rem 0 0;
    padding: 0;
    display: grid;
    gap: 0.5rem;
  }
  .item {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    gap: 0.25rem 0.75rem;
    padding: 0.5rem 0.75rem;
    border: 1px solid var(--whisper-border, color-mix(in srgb, currentColor 20%, transparent));
    border-radius: var(--whisper-radius, 0.5rem);
  }
  .item.current {
    border-color: var(--whisper-accent, #2563eb);
  }
  .info {
    flex: 1 1 16rem;
    display: grid;
    gap: 0.125rem;
    min-width: 0;
  }
  .name {
    font-weight: 600;
    overflow-wrap: anywhere;
  }
  .muted {
    font-size: 0.875em;
    overflow-wrap: anywhere;
  }
  .state {
    font-size: 0.875em;
  }
  .actions {
    display: flex;
    flex-wrap: wrap;
    gap: 0.5rem;
  }
  .rename {
    flex: 1 0 100%;
    display: flex;
    flex-wrap: wrap;
    gap: 0.5rem;
  }
  input {
    font: inherit;
    color: inherit;
    background: transparent;
    flex: 1 1 12rem;
    min-width: 0;
    min-height: 2.25rem;
    padding: 0.25em 0.5em;
    border: 1px solid var(--whisper-border, color-mix(in srgb, currentColor 35%, transparent));
    border-radius: var(--whisper-radius, 0.5rem);
  }
`;
