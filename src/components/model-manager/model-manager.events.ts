import type { ModelCacheState } from '../../models/model-files';

export interface ModelStorageDetail {
  /** The model as the app names it: hub id, path or URL. */
  model: string;
  /** What is stored now for the manager's dtypes. */
  state: ModelCacheState;
}

/**
 * What is stored for a model changed: a download finished or stopped, or the model was deleted. Lets the app refresh
 * anything that shows offline availability. Bubbles and is composed, like every `whisper-*` event.
 */
export class WhisperModelStorageEvent extends CustomEvent<ModelStorageDetail> {
  static readonly eventName = 'whisper-model-storage';
  constructor(detail: ModelStorageDetail) {
    super(WhisperModelStorageEvent.eventName, { detail, bubbles: true, composed: true });
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    'whisper-model-storage': WhisperModelStorageEvent;
  }
}
