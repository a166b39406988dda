import { css } from 'lit';

export const styles = css`
  :host {
    display: block;
    --_accent: var(--whisper-accent, #2563eb);
  }
  .track {
    position: relative;
    height: var(--whisper-timeline-height, 4.5rem);
    border-radius: var(--whisper-radius, 0.5rem);
    border: 1px solid var(--whisper-border, color-mix(in srgb, currentColor 20%, transparent));
    background: color-mix(in srgb, currentColor 3%, transparent);
    overflow: hidden;
    /* A horizontal drag moves the playhead; a vertical one still scrolls the page on a phone. */
    touch-action: pan-y;
  }
  .track[role='slider'] {
    cursor: pointer;
  }
  .track:focus-visible {
    outline: 2px solid var(--_accent);
    outline-offset: 2px;
  }
  canvas {
    position: absolute;
    inset: 0;
    width: 100%;
    height: 100%;
  }
  .playhead {
    position: absolute;
    top: 0;
    bottom: 0;
    width: 2px;
    margin-left: -1px;
    background: var(--whisper-playhead-color, currentColor);
    pointer-events: none;
  }
  .word {
    position: absolute;
    top: 0;
    bottom: 0;
    min-width: 2px;
    background: color-mix(in srgb, var(--_accent) 30%, transparent);
    pointer-events: none;
  }
  .times {
    display: flex;
    justify-content: space-between;
    font-size: 0.8em;
    font-variant-numeric: tabular-nums;
    color: var(--whisper-muted, color-mix(in srgb, currentColor 65%, transparent));
  }
  /* Colours for the canvas, read from these (a canvas cannot use custom properties itself). */
  .probe {
    display: none;
  }
  .probe.wave {
    color: var(--whisper-waveform-color, currentColor);
  }
  .probe.speech {
    color: var(--whisper-speech-color, var(--_accent));
  }
  .probe.segment {
    color: var(--_accent);
  }
`;
