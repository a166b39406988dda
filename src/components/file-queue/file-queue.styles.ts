import { css } from 'lit';

export const styles = css`
  :host {
    display: block;
  }
  .list {
    list-style: none;
    margin: 0;
    padding: 0;
    display: flex;
    flex-direction: column;
    gap: 0.5rem;
  }
  .item {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    gap: 0.25rem 0.75rem;
    padding: 0.6rem 0.75rem;
    border: 1px solid var(--whisper-border, color-mix(in srgb, currentColor 20%, transparent));
    border-radius: var(--whisper-radius, 0.5rem);
  }
  .item[data-state='error'] {
    border-color: var(--whisper-error, #c62828);
  }
  .head {
    flex: 1 1 12rem;
    min-width: 0;
    display: flex;
    flex-wrap: wrap;
    align-items: baseline;
    gap: 0 0.75rem;
  }
  .name {
    font-weight: 600;
    overflow-wrap: anywhere;
  }
  .state,
  .progress-text,
  .note {
    color: var(--whisper-muted, color-mix(in srgb, currentColor 65%, transparent));
    font-size: 0.875em;
  }
  .progress {
    flex: 1 1 100%;
    order: 3;
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    gap: 0.25rem 0.75rem;
  }
  .progress progress {
    flex: 1 1 10rem;
    width: auto;
  }
  .error,
  .note {
    flex: 1 1 100%;
    order: 4;
    margin: 0;
  }
  .error {
    color: var(--whisper-error, #c62828);
    padding: 0.4rem 0.6rem;
    border-left: 3px solid var(--whisper-error, #c62828);
    background: color-mix(in srgb, var(--whisper-error, #c62828) 10%, transparent);
    border-radius: calc(var(--whisper-radius, 0.5rem) / 2);
    overflow-wrap: anywhere;
  }
  .actions {
    display: flex;
    gap: 0.5rem;
  }
  .actions:empty {
    display: none;
  }
`;
