import { AudioSourceError, describe } from './audio-capture.ts';
import { StreamCapture } from './stream-capture.ts';

/**
 * The sound of a browser tab (or of the screen, where the system shares it) through getDisplayMedia. Browsers only
 * offer it with video, so the video track is stopped as soon as the user has chosen. The picker needs the click that
 * asked for it: open() it before anything slow (the session does so before the model loads).
 */
export class DisplayAudio extends StreamCapture {
  constructor() {
    super({ open: openDisplayAudio, ownsTracks: true });
  }
}

async function openDisplayAudio(): Promise<MediaStream> {
  if (!navigator.mediaDevices?.getDisplayMedia) {
    throw new AudioSourceError('unsupported', 'This browser cannot share the sound of a tab (no getDisplayMedia). Use Chrome or Edge on a computer.');
  }
  let stream: MediaStream;
  try {
    stream = await navigator.mediaDevices.getDisplayMedia({
      video: true,
      // Tab sound is what the listener hears: processing made for microphones would only damage it.
      audio: { echoCancellation: false, noiseSuppression: false, autoGainControl: false },
      // Chrome's hints: offer this tab too (a page may play what it transcribes), and the system's sound on screens.
      selfBrowserSurface: 'include',
      systemAudio: 'include',
    } as DisplayMediaStreamOptions);
  } catch (error) {
    throw toSourceError(error);
  }
  for (const track of stream.getVideoTracks()) track.stop();
  if (stream.getAudioTracks().length === 0) {
    for (const track of stream.getTracks()) track.stop();
    throw new AudioSourceError(
      'no-audio-track',
      'Nothing to transcribe: no audio was shared. Share a browser tab with "Also share tab audio" switched on (windows carry no sound, and whole screens only on Windows and ChromeOS).',
    );
  }
  return stream;
}

function toSourceError(error: unknown): AudioSourceError {
  const name = error instanceof Error ? error.name : '';
  const cause = { cause: error };
  switch (name) {
    case 'NotAllowedError':
    case 'SecurityError':
      return new AudioSourceError('permission-denied', 'Sharing was cancelled or is not allowed on this page. Choose a tab to transcribe, or allow screen sharing in the site settings.', cause);
    case 'InvalidStateError':
      return new AudioSourceError('unsupported', 'Sharing a tab has to start from a click or a key press on this page.', cause);
    case 'NotReadableError':
    case 'AbortError':
      return new AudioSourceError('device-busy', 'The shared tab or screen could not be captured: the system refused it. Try again, or choose another tab.', cause);
    default:
      return new AudioSourceError('unsupported', `The tab could not be shared (${describe(error)}).`, cause);
  }
}
