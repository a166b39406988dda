import { DType, type Graph } from './onnx-graph.ts';
import { both, either, larger, smaller } from './webgpu-ops.ts';

/**
 * The vocabulary the script's graphs are written in: scalars, boolean logic through WebGPU-safe ops, and
 * reductions over axis 1 (the history or the frames) of `[B, N]` tensors.
 */
export class ScriptOps {
  constructor(readonly g: Graph) {}

  int = (v: number): string => this.g.scalar(v, DType.int64);
  f = (v: number): string => this.g.scalar(v);
  op = (name: string, ...inputs: string[]): string => this.g.op(name, inputs);
  toFloat = (v: string): string => this.g.op('Cast', [v], { to: DType.float });
  toInt = (v: string): string => this.g.op('Cast', [v], { to: DType.int64 });
  not = (v: string): string => this.g.op('Not', [v]);
  and = (...v: string[]): string => both(this.g, ...v);
  or = (a: string, b: string): string => either(this.g, a, b);
  min = (a: string, b: string): string => smaller(this.g, a, b);
  max = (a: string, b: string): string => larger(this.g, a, b);
  where = (c: string, a: string, b: string): string => this.g.op('Where', [c, a, b]);
  gather = (table: string, index: string): string => this.g.op('Gather', [table, index]);
  /** `[B, N]` → `[B]`. */
  reduce = (name: string, v: string): string => this.g.op(name, [v], { axes: [1], keepdims: 0 });
  sum = (v: string): string => this.g.op('ReduceSum', [v, this.g.ints([1])], { keepdims: 0 });
  count = (cond: string): string => this.sum(this.toFloat(cond));
  any = (cond: string): string => this.g.op('Greater', [this.count(cond), this.f(0.5)]);
  /** The first index along axis 1 where `cond` holds (0 if nowhere). */
  firstIndex = (cond: string): string => this.g.op('ArgMax', [cond], { axis: 1, keepdims: 0 });
  /** `[B]` → `[B, 1]`, to broadcast a per-row value over axis 1. */
  column = (v: string): string => this.g.op('Unsqueeze', [v, this.g.ints([1])]);
  constant = (data: Float32Array | BigInt64Array, name: string): string =>
    this.g.constant(data, [data.length], data instanceof Float32Array ? DType.float : DType.int64, name);
  /** 0, 1, … n − 1 as floats. */
  range = (n: number, name: string): string => this.constant(Float32Array.from({ length: n }, (_, i) => i), name);
}
