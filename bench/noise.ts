/**
 * 7. Non-speech at the level of speech (stationary noise, music, a held chord), where real Whisper writes "Thank
 * you." or subtitle credits. Ours (guards on, as shipped) against the reference, in one browser: how many seconds of
 * these files reached the model, and whether any text came out. The files hold no speech, so every second sent is
 * non-speech. The reference sends every 30 s chunk; ours sends only what its speech detector keeps, and its guards
 * drop what the model calls no speech.
 */
import { AppDriver } from './app-driver.ts';
import type { BenchAudio } from './audio.ts';
import { launch, probedContext } from './browser.ts';
import { fallbackCount, oursOnNonSpeech, referenceOnNonSpeech, type FallbackCount, type NonSpeechSide } from './guards.ts';
import { ReferenceDriver } from './reference-driver.ts';
import { appParams, referenceRequest, timeoutFor, type RunSetup } from './setup.ts';

export interface NoiseCase {
  setup: string;
  file: string;
  audioSeconds: number;
  ours: NonSpeechSide & { fallbacks: FallbackCount };
  reference: NonSpeechSide;
}

export async function runNoise(setup: RunSetup, files: readonly BenchAudio[], warmup: BenchAudio, name: string): Promise<NoiseCase[]> {
  const browser = await launch(setup.browserArgs);
  try {
    const ours = new AppDriver(await (await probedContext(browser, setup.site.probeScript)).newPage(), setup.site.origin);
    const refContext = await probedContext(browser, setup.site.probeScript, { serviceWorkers: 'block' });
    const reference = new ReferenceDriver(await refContext.newPage(), setup.site.origin);
    await ours.open(appParams(setup));
    await ours.transcribe(warmup.path, { timeoutMs: timeoutFor(600) });
    await reference.open();
    await reference.load(referenceRequest(setup));

    const cases: NoiseCase[] = [];
    for (const audio of files) {
      console.info(`bench: ${name}: ${audio.name} (${Math.round(audio.durationSeconds)} s, no speech): ours…`);
      const run = await ours.transcribe(audio.path, { timeoutMs: timeoutFor(audio.durationSeconds) });
      console.info(`bench: ${name}: ${audio.name}: reference…`);
      const ref = await reference.transcribe(audio.path, { language: setup.language, task: 'transcribe' });
      cases.push({
        setup: name,
        file: audio.name,
        audioSeconds: audio.durationSeconds,
        ours: { ...oursOnNonSpeech(run.probes.workerCalls, run.segments), fallbacks: fallbackCount(run.probes.workerCalls) },
        reference: referenceOnNonSpeech(ref.encoderRuns, audio.durationSeconds, ref.chunks),
      });
    }
    return cases;
  } finally {
    await browser.close();
  }
}
