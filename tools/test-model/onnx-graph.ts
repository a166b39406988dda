import { ProtoWriter } from './protobuf.ts';

/** ONNX TensorProto.DataType values used here. */
export const DType = { float: 1, uint8: 2, int8: 3, int32: 6, int64: 7, bool: 9, float16: 10 } as const;
export type DTypeCode = (typeof DType)[keyof typeof DType];

export type Dim = number | string;
export type TensorData = Float32Array | Int32Array | BigInt64Array | Uint8Array | Int8Array | Uint16Array;

/** A float attribute whose value happens to be whole (ONNX keeps int and float attributes apart). */
export class FloatAttr {
  constructor(readonly value: number) {}
}
export type AttrValue = number | number[] | string | FloatAttr | Graph | { floats: number[] };

interface Node {
  op: string;
  inputs: string[];
  outputs: string[];
  attrs: Record<string, AttrValue>;
  domain: string;
}

interface ValueInfo {
  name: string;
  type: DTypeCode;
  dims?: Dim[];
}

interface Initializer {
  name: string;
  type: DTypeCode;
  dims: number[];
  data: TensorData;
}

const OPSET = 17;
/** Protobuf's limit on a message, so on an ONNX file without external data. */
const MAX_PROTOBUF_BYTES = 2 ** 31 - 1;

/**
 * A small ONNX graph builder: enough to write Whisper's encoder and merged decoder the way the exporters do,
 * including `If` subgraphs that read outer-scope values.
 */
export class Graph {
  private nodes: Node[] = [];
  private inputs: ValueInfo[] = [];
  private outputs: ValueInfo[] = [];
  private initializers: Initializer[] = [];
  private counter = 0;
  /** Number of learned weights (initializers added with `weight`), to compare with the real model's count. */
  parameterCount = 0;

  constructor(
    readonly name: string,
    private readonly parent?: Graph,
  ) {}

  fresh(prefix = 'v'): string {
    if (this.parent) return this.parent.fresh(prefix);
    return `${prefix}_${this.counter++}`;
  }

  input(name: string, type: DTypeCode, dims: Dim[]): string {
    this.inputs.push({ name, type, dims });
    return name;
  }

  output(name: string, type: DTypeCode, dims?: Dim[]): void {
    this.outputs.push({ name, type, ...(dims ? { dims } : {}) });
  }

  /** A learned weight: counted as a model parameter. */
  weight(name: string, data: Float32Array, dims: number[], stored: { type: DTypeCode; data: TensorData } = { type: DType.float, data }): string {
    this.parameterCount += data.length;
    this.initializers.push({ name, type: stored.type, dims, data: stored.data });
    return name;
  }

  /** A constant that is part of the graph's plumbing, not a parameter. */
  constant(data: TensorData, dims: number[], type: DTypeCode, prefix = 'const'): string {
    const name = this.fresh(prefix);
    this.initializers.push({ name, type, dims, data });
    return name;
  }

  ints(values: number[], prefix = 'ints'): string {
    return this.constant(BigInt64Array.from(values.map(BigInt)), [values.length], DType.int64, prefix);
  }

  scalar(value: number, type: DTypeCode = DType.float): string {
    const data = type === DType.int64 ? BigInt64Array.of(BigInt(value)) : Float32Array.of(value);
    return this.constant(data, [], type, 'scalar');
  }

  op(op: string, inputs: string[], attrs: Record<string, AttrValue> = {}, domain = ''): string {
    return this.opN(op, inputs, 1, attrs, domain)[0]!;
  }

  opN(op: string, inputs: string[], outputCount: number, attrs: Record<string, AttrValue> = {}, domain = ''): string[] {
    const outputs = Array.from({ length: outputCount }, () => this.fresh(op.toLowerCase()));
    this.nodes.push({ op, inputs, outputs, attrs, domain });
    return outputs;
  }

  /** Rename a produced value so it can be a graph output with a fixed name. */
  alias(value: string, name: string): string {
    this.nodes.push({ op: 'Identity', inputs: [value], outputs: [name], attrs: {}, domain: '' });
    return name;
  }

  subgraph(name: string): Graph {
    return new Graph(name, this);
  }

  encode(): ProtoWriter {
    const g = new ProtoWriter();
    for (const n of this.nodes) g.message(1, encodeNode(n));
    g.string(2, this.name);
    for (const t of this.initializers) g.message(5, encodeTensor(t));
    for (const v of this.inputs) g.message(11, encodeValueInfo(v));
    for (const v of this.outputs) g.message(12, encodeValueInfo(v));
    return g;
  }

  /** The ONNX file as a list of byte parts (the weights are referenced, not copied). */
  toModelChunks(): readonly Uint8Array[] {
    const model = new ProtoWriter();
    model.int(1, 8); // IR version 8 pairs with opset 17
    model.string(2, 'whisper-recorder synthetic model generator');
    model.message(7, this.encode());
    model.message(8, new ProtoWriter().string(1, '').int(2, OPSET));
    model.message(8, new ProtoWriter().string(1, 'com.microsoft').int(2, 1));
    if (model.byteLength >= MAX_PROTOBUF_BYTES) {
      throw new Error(`${this.name}: ${(model.byteLength / 2 ** 30).toFixed(2)} GiB is past the 2 GiB a protobuf file can hold; use a smaller weight format`);
    }
    return model.chunks();
  }

  toModelBytes(): Uint8Array {
    return Buffer.concat(this.toModelChunks());
  }
}

function encodeNode(n: Node): ProtoWriter {
  const w = new ProtoWriter();
  for (const i of n.inputs) w.string(1, i);
  for (const o of n.outputs) w.string(2, o);
  w.string(3, n.outputs[0]!);
  w.string(4, n.op);
  for (const [name, value] of Object.entries(n.attrs)) w.message(5, encodeAttr(name, value));
  if (n.domain) w.string(7, n.domain);
  return w;
}

function encodeAttr(name: string, value: AttrValue): ProtoWriter {
  const a = new ProtoWriter().string(1, name);
  if (value instanceof Graph) return a.message(6, value.encode()).int(20, 5);
  if (value instanceof FloatAttr) return a.float(2, value.value).int(20, 1);
  if (typeof value === 'string') return a.string(4, value).int(20, 3);
  if (typeof value === 'number') {
    return Number.isInteger(value) ? a.int(3, value).int(20, 2) : a.float(2, value).int(20, 1);
  }
  if (Array.isArray(value)) return a.packedInts(8, value).int(20, 7);
  return a.packedFloats(7, value.floats).int(20, 6);
}

function encodeTensor(t: Initializer): ProtoWriter {
  const w = new ProtoWriter();
  if (t.dims.length > 0) w.packedInts(1, t.dims);
  w.int(2, t.type);
  w.string(8, t.name);
  w.bytes(9, new Uint8Array(t.data.buffer, t.data.byteOffset, t.data.byteLength));
  return w;
}

function encodeValueInfo(v: ValueInfo): ProtoWriter {
  const tensorType = new ProtoWriter().int(1, v.type);
  if (v.dims) {
    const shape = new ProtoWriter();
    for (const d of v.dims) {
      shape.message(1, typeof d === 'number' ? new ProtoWriter().int(1, d) : new ProtoWriter().string(2, d));
    }
    tensorType.message(2, shape);
  }
  return new ProtoWriter().string(1, v.name).message(2, new ProtoWriter().message(1, tensorType));
}
