/**
 * Reads the page's query string into engine choices. Bad values are reported, never thrown:
 * a typo in a shared link should still open a working page.
 */
import { DTYPES, parseDtypeChoice } from '../models/dtype.ts';
import { isHubId } from '../models/model-source.ts';
import { DEVICE_CHOICES, TASKS, type DeviceChoice, type Task } from '../shared/choices.ts';
import { GUARD_SETTINGS, readGuards, type GuardOptions } from '../shared/guard-options.ts';
import { VOCABULARY_MAX_CHARS, normalizeVocabulary } from '../shared/vocabulary.ts';
import type { UserChoice } from './device-plan';
import { WHISPER_LANGUAGES } from './languages';

export interface UrlOptions {
  model?: string;
  device?: DeviceChoice;
  dtype?: NonNullable<UserChoice['dtype']>;
  /** A Whisper language code, or `auto` to detect it. */
  language?: string;
  task?: Task;
  /** Where hub ids are fetched from instead of the Hugging Face hub (`?model-base-url=`). */
  modelBaseUrl?: string;
  /** openai/whisper's decoding guards, when any of their parameters is given (`?guards=off`, `?temperatures=…`, …). */
  guards?: GuardOptions;
  /** Speaker labels asked for (`?speakers=on`) or not (`off`); the app still asks before downloading their models. */
  speakers?: boolean;
  /** Words to expect in the audio (`?vocabulary=Ngozi, Kubernetes`), for the model's prompt. */
  vocabulary?: string;
  /** Least milliseconds between the starts of two partials (`?partial-interval=500`, as the recorder's attribute). */
  partialInterval?: number;
  /** Seconds of continuous speech after which an utterance is cut into a final. */
  maxUtterance?: number;
  /** The share of the model's time partials may take, 0–1. */
  partialLoad?: number;
  /** One message per ignored parameter, naming it and what it accepts. */
  errors: string[];
}

const LANGUAGE_CODES = WHISPER_LANGUAGES.map(([code]) => code);

const oneOf = <T extends string>(allowed: readonly T[], value: string): value is T => (allowed as readonly string[]).includes(value);

/**
 * A hub id (`owner/name`), an absolute http(s) URL, or a path on this origin (`/…`, `./…`, `../…`).
 * `//host/…` is refused: it looks like a path but loads from another origin.
 */
export function isModelLocation(value: string): boolean {
  if (isHubId(value)) return true;
  if (/^https?:\/\//i.test(value)) {
    try {
      return new URL(value).host !== '';
    } catch {
      return false;
    }
  }
  return /^(\/(?!\/)|\.\.?\/)./.test(value) && !value.includes('\\');
}

const invalid = (name: string, value: string, allowed: string): string => `Ignored ?${name}=${value}: expected ${allowed}.`;

/** The live settings a link may carry: parameter → option, its range (the recorder's), and what it means. */
const LIVE_NUMBERS = [
  { name: 'partial-interval', key: 'partialInterval', min: 0, max: 60_000, what: 'milliseconds between partials' },
  { name: 'max-utterance', key: 'maxUtterance', min: 1, max: 30, what: 'seconds of speech before an utterance is cut' },
  { name: 'partial-load', key: 'partialLoad', min: 0, max: 1, what: 'the share of the model’s time partials may take' },
] as const;

/** Empty parameters (`?model=`) count as absent, as forms produce them. */
export function parseUrlOptions(search: string): UrlOptions {
  const params = new URLSearchParams(search);
  const get = (name: string): string | undefined => params.get(name)?.trim() || undefined;
  const options: UrlOptions = { errors: [] };

  const model = get('model');
  if (model !== undefined) {
    if (isModelLocation(model)) options.model = model;
    else options.errors.push(invalid('model', model, 'a Hugging Face model id (owner/name), an absolute http(s) URL or a path on this site starting with /'));
  }

  const base = get('model-base-url');
  if (base !== undefined) {
    if (/^https?:\/\//i.test(base) || /^(\/(?!\/)|\.\.?\/)/.test(base)) options.modelBaseUrl = base;
    else options.errors.push(invalid('model-base-url', base, 'an absolute http(s) URL or a path on this site where model folders live'));
  }

  const device = get('device')?.toLowerCase();
  if (device !== undefined) {
    if (oneOf(DEVICE_CHOICES, device)) options.device = device;
    else options.errors.push(invalid('device', device, `one of ${DEVICE_CHOICES.join(', ')}`));
  }

  const dtype = get('dtype')?.toLowerCase();
  if (dtype !== undefined) {
    const parsed = parseDtypeChoice(dtype);
    if (parsed) options.dtype = dtype.includes(',') ? `${parsed.encoder},${parsed.decoder}` : parsed.encoder;
    else options.errors.push(invalid('dtype', dtype, `one of ${DTYPES.join(', ')}, or an encoder,decoder pair such as fp16,q4`));
  }

  const language = get('language')?.toLowerCase();
  if (language !== undefined) {
    if (language === 'auto' || LANGUAGE_CODES.includes(language)) options.language = language;
    else options.errors.push(invalid('language', language, `auto or a Whisper language code (${LANGUAGE_CODES.join(', ')})`));
  }

  const task = get('task')?.toLowerCase();
  if (task !== undefined) {
    if (oneOf(TASKS, task)) options.task = task;
    else options.errors.push(invalid('task', task, `one of ${TASKS.join(', ')}`));
  }

  const speakers = get('speakers')?.toLowerCase();
  if (speakers !== undefined) {
    if (speakers === 'on' || speakers === 'off') options.speakers = speakers === 'on';
    else options.errors.push(invalid('speakers', speakers, 'on or off'));
  }

  const vocabulary = get('vocabulary');
  if (vocabulary !== undefined) {
    const words = normalizeVocabulary(vocabulary);
    if (words.length <= VOCABULARY_MAX_CHARS) options.vocabulary = words;
    else options.errors.push(`Ignored ?vocabulary=${words.slice(0, 40)}…: expected at most ${VOCABULARY_MAX_CHARS} characters of words to expect.`);
  }

  for (const { name, key, min, max, what } of LIVE_NUMBERS) {
    const raw = get(name);
    if (raw === undefined) continue;
    const value = Number(raw);
    if (Number.isFinite(value) && value >= min && value <= max) options[key] = value;
    else options.errors.push(invalid(name, raw, `a number from ${min} to ${max} (${what})`));
  }

  if (GUARD_SETTINGS.some((name) => get(name) !== undefined)) {
    const { guards, errors } = readGuards(get);
    options.guards = guards;
    options.errors.push(...errors);
  }

  return options;
}
