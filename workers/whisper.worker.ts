import type { WhisperWorkerApi } from '../src/engine/protocol.ts';
import { answerCalls } from '../src/shared/worker-protocol.ts';
import { engineError, unexpected } from './engine-error.ts';
import { WhisperSession } from './whisper-session.ts';

/** The worker's API over its one loaded model; the state lives in this closure, created once per worker. */
function whisperWorker(): WhisperWorkerApi {
  let session: WhisperSession | null = null;
  let cancelFlag: Int32Array | null = null;
  const loaded = (): WhisperSession => {
    if (!session) throw engineError('not-loaded', 'No model is loaded yet.');
    return session;
  };
  return {
    async load(request, onEvent) {
      session = null;
      session = await WhisperSession.load(request, onEvent, () => cancelFlag);
      return session.info;
    },
    transcribe: (callId, audio, options, onPartial) => loaded().transcribe(callId, audio, options, onPartial),
    cancel: (callId) => session?.cancel(callId),
    shareCancelFlag: (flag) => {
      cancelFlag = flag;
    },
  };
}

answerCalls(whisperWorker(), unexpected);
