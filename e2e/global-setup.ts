import { makeFixtures } from '../scripts/make-fixtures.ts';
import { TEST_MODELS, makeTestModels } from './test-models.ts';

/** Test media and synthetic models, generated fresh into ignored folders (seconds, no downloads). */
export default async function globalSetup(): Promise<void> {
  await makeFixtures('.cache/fixtures');
  await makeTestModels('.cache/models', Object.values(TEST_MODELS));
}
