import { css } from 'lit';

export const styles = css`
  :host {
    display: block;
    font-size: 0.9375em;
  }
  .line {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    gap: 0.25rem 0.75rem;
  }
  .summary {
    font-weight: 600;
    overflow-wrap: anywhere;
    min-width: 0;
  }
  .phase {
    overflow-wrap: anywhere;
    min-width: 0;
  }
  progress {
    flex: 1 1 8rem;
    width: auto;
  }
  .reason {
    margin: 0.25rem 0 0;
    font-size: 0.8125em;
    color: var(--whisper-muted, color-mix(in srgb, currentColor 65%, transparent));
  }
  .offline {
    font-size: 0.75em;
    padding: 0.05em 0.5em;
    border-radius: var(--whisper-radius, 999px);
    border: 1px solid color-mix(in srgb, currentColor 30%, transparent);
  }
  .offline.ready {
    color: var(--whisper-success, #2e7d32);
    border-color: currentColor;
  }
`;
