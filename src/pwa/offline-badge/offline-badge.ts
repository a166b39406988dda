import { defineElement } from '../../components/define';
import { WrOfflineBadge } from './offline-badge.component';

export { WrOfflineBadge };

defineElement('wr-offline-badge', WrOfflineBadge);

declare global {
  interface HTMLElementTagNameMap {
    'wr-offline-badge': WrOfflineBadge;
  }
}
