/** What the synthetic model says for speech regions: sentences of its passage (tools/test-model/spec.ts). */
import { PASSAGE } from '../tools/test-model/spec.ts';

export { passageText } from '../tools/test-model/spec.ts';
export const PHRASES: readonly string[] = PASSAGE;
