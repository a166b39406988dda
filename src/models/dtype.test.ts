import { describe, expect, it } from 'vitest';
import { parseDtypeChoice } from './dtype.ts';

describe('parseDtypeChoice', () => {
  it('reads one dtype for both or an encoder,decoder pair', () => {
    expect(parseDtypeChoice('q4')).toEqual({ encoder: 'q4', decoder: 'q4' });
    expect(parseDtypeChoice('fp16,q4')).toEqual({ encoder: 'fp16', decoder: 'q4' });
    expect(parseDtypeChoice(' fp32 , q4f16 ')).toEqual({ encoder: 'fp32', decoder: 'q4f16' });
  });

  it('rejects anything else', () => {
    for (const bad of ['', 'int8', 'fp16,', 'fp16,q4,q8', ',q4']) expect(parseDtypeChoice(bad)).toBeUndefined();
  });
});
