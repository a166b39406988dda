/** What the synthetic model says for every speech region (tools/test-model/spec.ts). */
import { PHRASES } from '../tools/test-model/spec.ts';

export const PHRASE: string = PHRASES.transcribe;
