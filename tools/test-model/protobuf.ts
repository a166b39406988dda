/**
 * The few protocol-buffer encoding rules an ONNX file needs: varints, length-delimited fields and packed
 * repeated numbers. A message is built bottom-up so a parent can prefix each child with its length; the bytes stay
 * a list of parts (tensor data is referenced, never copied), so a model of a gigabyte or more is written part by
 * part without a second copy in memory. Written by hand because ONNX's schema is stable and tiny compared with a
 * protobuf runtime plus codegen.
 */
export class ProtoWriter {
  private parts: Uint8Array[] = [];
  private scratch: number[] = [];
  private length = 0;

  private flushScratch(): void {
    if (this.scratch.length === 0) return;
    this.push(Uint8Array.from(this.scratch));
    this.scratch = [];
  }

  private push(bytes: Uint8Array): void {
    this.parts.push(bytes);
    this.length += bytes.length;
  }

  private varint(value: number | bigint): void {
    let v = BigInt.asUintN(64, BigInt(value));
    while (v >= 0x80n) {
      this.scratch.push(Number(v & 0x7fn) | 0x80);
      v >>= 7n;
    }
    this.scratch.push(Number(v));
  }

  private key(field: number, wireType: 0 | 1 | 2 | 5): void {
    this.varint((field << 3) | wireType);
  }

  int(field: number, value: number | bigint): this {
    this.key(field, 0);
    this.varint(value);
    return this;
  }

  float(field: number, value: number): this {
    this.key(field, 5);
    const b = new Uint8Array(4);
    new DataView(b.buffer).setFloat32(0, value, true);
    this.scratch.push(...b);
    return this;
  }

  bytes(field: number, value: Uint8Array): this {
    this.key(field, 2);
    this.varint(value.length);
    this.flushScratch();
    this.push(value);
    return this;
  }

  string(field: number, value: string): this {
    return this.bytes(field, new TextEncoder().encode(value));
  }

  /** Adopts the child's parts after the length prefix, without copying them. */
  message(field: number, child: ProtoWriter): this {
    child.flushScratch();
    this.key(field, 2);
    this.varint(child.length);
    this.flushScratch();
    for (const part of child.parts) this.push(part);
    return this;
  }

  packedInts(field: number, values: ReadonlyArray<number | bigint>): this {
    const inner = new ProtoWriter();
    for (const v of values) inner.varint(v);
    return this.bytes(field, inner.finish());
  }

  packedFloats(field: number, values: ReadonlyArray<number>): this {
    const f = Float32Array.from(values);
    return this.bytes(field, new Uint8Array(f.buffer));
  }

  /** The encoded message as the list of its parts, in order (for writing it out without joining them). */
  chunks(): readonly Uint8Array[] {
    this.flushScratch();
    return this.parts;
  }

  get byteLength(): number {
    return this.length + this.scratch.length;
  }

  finish(): Uint8Array {
    this.flushScratch();
    if (this.parts.length === 1) return this.parts[0]!;
    const out = new Uint8Array(this.length);
    let offset = 0;
    for (const p of this.parts) {
      out.set(p, offset);
      offset += p.length;
    }
    this.parts = [out];
    return out;
  }
}
