/**
 * Weight precisions of a Whisper ONNX export, and the `dtype` option that picks one for the encoder and one for the
 * decoder. Pure: the device plan, the URL options, the model files and the worker all read them.
 */

export type Dtype = 'fp32' | 'fp16' | 'q8' | 'q4' | 'q4f16';
export const DTYPES: readonly Dtype[] = ['fp32', 'fp16', 'q8', 'q4', 'q4f16'];

/** The two sessions of a Whisper model may run at different precisions. */
export interface DtypePair {
  encoder: Dtype;
  decoder: Dtype;
}

export const isDtype = (value: string): value is Dtype => (DTYPES as readonly string[]).includes(value);

/** `q4` → both q4; `fp16,q4` → encoder fp16, decoder q4; anything malformed → undefined (use defaults). */
export function parseDtypeChoice(value: string): DtypePair | undefined {
  const parts = value.split(',').map((p) => p.trim());
  const [encoder, decoder = encoder] = parts;
  if (parts.length > 2 || encoder === undefined || decoder === undefined) return undefined;
  return isDtype(encoder) && isDtype(decoder) ? { encoder, decoder } : undefined;
}
