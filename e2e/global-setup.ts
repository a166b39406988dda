import { makeFixtures } from '../scripts/make-fixtures.ts';
import { generateSpeakerModels } from '../tools/speaker-models/generate.ts';
import { TEST_MODELS, makeTestModels } from './test-models.ts';

/** Test media and synthetic models, generated fresh into ignored folders (seconds, no downloads). */
export default async function globalSetup(): Promise<void> {
  await makeFixtures('.cache/fixtures');
  await makeTestModels('.cache/models', Object.values(TEST_MODELS));
  // Under their hub ids, so `?model-base-url=/test-models/` serves them as a mirror would.
  await generateSpeakerModels('.cache/models');
}
