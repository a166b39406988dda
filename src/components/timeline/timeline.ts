import { defineElement } from '../define';
import { WrTimeline } from './timeline.component';

export { WrTimeline };

defineElement('wr-timeline', WrTimeline);

declare global {
  interface HTMLElementTagNameMap {
    'wr-timeline': WrTimeline;
  }
}
