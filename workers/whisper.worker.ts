import { expose } from 'comlink';
import type { WhisperWorkerApi } from '../src/engine/protocol.ts';
import { engineError } from './engine-error.ts';
import { WhisperSession } from './whisper-session.ts';

let session: WhisperSession | null = null;
let cancelFlag: Int32Array | null = null;

function loaded(): WhisperSession {
  if (!session) throw engineError('not-loaded', 'No model is loaded yet.');
  return session;
}

const api: WhisperWorkerApi = {
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

expose(api);
