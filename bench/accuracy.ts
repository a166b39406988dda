/**
 * 6. Accuracy: word error rate of ours and of the reference on recordings listed in a manifest (the format of
 * ../shared/audio/manifest.json: `[{ file, lang, text }]`), for a real model from the hub where the hub can be
 * reached. `--self-test` runs the same path end to end on generated speech with the synthetic model, whose
 * reference text is its passage read on one sentence per utterance, and both WERs must be 0.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { AppDriver } from './app-driver.ts';
import { AUDIO_DIR, speechWav, warmupClip, type BenchAudio } from './audio.ts';
import { launch, probedContext } from './browser.ts';
import { passageText } from './phrase.ts';
import { ReferenceDriver } from './reference-driver.ts';
import { appParams, referenceRequest, timeoutFor, type RunSetup } from './setup.ts';
import { combineWer, wordErrorRate, type NormaliseOptions, type WerResult } from './wer.ts';

export interface ManifestEntry {
  file: string;
  lang: string;
  text: string;
  seconds?: number;
}

export interface AccuracyFile {
  file: string;
  reference: string;
  ours: { text: string; wallMs: number; wer: WerResult };
  pipeline: { text: string; wallMs: number; wer: WerResult };
}

export interface AccuracyResult {
  setup: string;
  audioDir: string;
  language: string;
  normalisation: string;
  files: AccuracyFile[];
  ours: WerResult;
  pipeline: WerResult;
}

export function readManifest(dir: string, language: string): ManifestEntry[] {
  const path = join(dir, 'manifest.json');
  if (!existsSync(path)) throw new Error(`bench: ${path} does not exist (expected [{ file, lang, text }]).`);
  const entries = JSON.parse(readFileSync(path, 'utf8')) as ManifestEntry[];
  return entries.filter((e) => e.lang === language && existsSync(resolve(dir, e.file)));
}

/** A folder with a manifest over generated speech: one utterance, and a stretch with pauses. */
export function selfTestAudio(): string {
  const dir = resolve(AUDIO_DIR, 'self-test');
  mkdirSync(dir, { recursive: true });
  const files: BenchAudio[] = [warmupClip(), speechWav('pauses', 30)];
  const manifest: ManifestEntry[] = files.map((a) => ({
    file: relative(dir, a.path),
    lang: 'en',
    // Each file fits one 30 s window, in which the model reads on through its passage, one sentence per utterance.
    text: a.utterances.map((_, k) => passageText(k).trim()).join(' '),
    seconds: a.durationSeconds,
  }));
  writeFileSync(join(dir, 'manifest.json'), `${JSON.stringify(manifest, null, 2)}\n`);
  return dir;
}

export async function runAccuracy(setup: RunSetup, audioDir: string, normalise: NormaliseOptions, name: string): Promise<AccuracyResult> {
  const entries = readManifest(audioDir, setup.language);
  if (entries.length === 0) throw new Error(`bench: ${audioDir}/manifest.json lists no "${setup.language}" recordings that exist.`);
  const browser = await launch(setup.browserArgs);
  try {
    const ours = new AppDriver(await (await probedContext(browser, setup.site.probeScript)).newPage(), setup.site.origin);
    const refContext = await probedContext(browser, setup.site.probeScript, { serviceWorkers: 'block' });
    const reference = new ReferenceDriver(await refContext.newPage(), setup.site.origin);
    await ours.open(appParams(setup));
    await reference.open();
    console.info(`bench: ${name}: loading the model in the app and in the reference…`);
    // The app loads its model on first use: a first file keeps loading out of the timings, as the reference's load() does.
    await ours.transcribe(warmupClip().path, { timeoutMs: timeoutFor(600) });
    await reference.load(referenceRequest(setup));
    const files: AccuracyFile[] = [];
    for (const entry of entries) {
      const path = resolve(audioDir, entry.file);
      const run = await ours.transcribe(path, { timeoutMs: timeoutFor(entry.seconds ?? 600) });
      const ref = await reference.transcribe(path, { language: setup.language, task: 'transcribe' });
      files.push({
        file: entry.file,
        reference: entry.text,
        ours: { text: run.text, wallMs: run.wallMs, wer: wordErrorRate(entry.text, run.text, normalise) },
        pipeline: { text: ref.text, wallMs: ref.wallMs, wer: wordErrorRate(entry.text, ref.text, normalise) },
      });
      console.info(`bench: ${name}: ${entry.file}: WER ours ${(files.at(-1)!.ours.wer.wer * 100).toFixed(1)} %, reference ${(files.at(-1)!.pipeline.wer.wer * 100).toFixed(1)} %`);
    }
    return {
      setup: name,
      audioDir,
      language: setup.language,
      normalisation: `lowercase, [bracketed]/(parenthesised) text and fillers removed, diacritics stripped, apostrophes joined, other punctuation → space${normalise.numbersToWords ? ', digits spelled out' : ''}`,
      files,
      ours: combineWer(files.map((f) => f.ours.wer)),
      pipeline: combineWer(files.map((f) => f.pipeline.wer)),
    };
  } finally {
    await browser.close();
  }
}
