import type { DiarizeWorkerApi } from '../src/engine/speaker-protocol.ts';
import { answerCalls } from '../src/shared/worker-protocol.ts';
import { DiarizeSession } from './diarize/diarize-session.ts';
import { engineError, unexpected } from './engine-error.ts';

/**
 * Speaker labels' own worker, started only when they are switched on: its two models (and ONNX Runtime's memory for
 * them) cost nothing otherwise, and it runs beside the Whisper worker, so a window's voices are found while Whisper
 * reads the same window. The state lives in this closure, created once per worker.
 */
function diarizeWorker(): DiarizeWorkerApi {
  let session: DiarizeSession | null = null;
  return {
    async load(request, onEvent) {
      session = null;
      const loaded = await DiarizeSession.load(request, onEvent);
      session = loaded.session;
      return loaded.info;
    },
    analyse(audio) {
      if (!session) throw engineError('not-loaded', 'The speaker models are not loaded yet.');
      return session.analyse(audio);
    },
  };
}

answerCalls(diarizeWorker(), unexpected);
