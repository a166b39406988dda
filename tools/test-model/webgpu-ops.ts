import { DType, type Graph } from './onnx-graph.ts';

/**
 * And, Or, Min and Max through Where on floats: ONNX Runtime's WebGPU provider has no kernels for those four
 * (onnxruntime-web/docs/webgpu-operators.md), so each would send its inputs to the CPU and back, several times a
 * decoding step; on SwiftShader's WebGPU that made a pass several times slower. (Where on booleans is no way
 * out: the CPU provider has no such kernel.)
 */
export function both(g: Graph, ...conditions: string[]): string {
  return conditions.reduce((a, b) => g.op('Greater', [g.op('Where', [a, asFloat(g, b), g.scalar(0)]), g.scalar(0.5)]));
}

export function either(g: Graph, a: string, b: string): string {
  return g.op('Greater', [g.op('Where', [a, g.scalar(1), asFloat(g, b)]), g.scalar(0.5)]);
}

export function smaller(g: Graph, a: string, b: string): string {
  return g.op('Where', [g.op('Less', [a, b]), a, b]);
}

export function larger(g: Graph, a: string, b: string): string {
  return g.op('Where', [g.op('Greater', [a, b]), a, b]);
}

const asFloat = (g: Graph, v: string) => g.op('Cast', [v], { to: DType.float });
