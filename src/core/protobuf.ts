/**
 * A minimal protobuf wire-format reader: just enough to walk a Google
 * Authenticator migration payload. `ProtoReader` yields fields one at a time
 * (`next()`); `int32`, `int64` and `bytes` read a field's value after checking
 * its wire type, and `skip` passes over a field of any type.
 * Varints are read as BigInt so 64-bit values (counters, negative int32s encoded
 * in 10 bytes) are exact. Malformed input throws OttoError('dataMalformed' or 'dataTruncated').
 */
import { OttoError } from './errors';

export const WireType = { Varint: 0, Fixed64: 1, Bytes: 2, Fixed32: 5 } as const;

export interface ProtoField {
  field: number;
  wireType: number;
}

export class ProtoReader {
  private pos = 0;

  constructor(private readonly data: Uint8Array) {}

  /** The next field's tag, or null at the end of the message. */
  next(): ProtoField | null {
    if (this.pos >= this.data.length) return null;
    const tag = this.varint();
    const field = Number(tag >> 3n);
    if (field < 1 || field > 0x1fffffff) throw new OttoError('dataMalformed');
    return { field, wireType: Number(tag & 7n) };
  }

  int32(f: ProtoField): number {
    return Number(BigInt.asIntN(32, this.int64(f)));
  }

  int64(f: ProtoField): bigint {
    this.expect(f, WireType.Varint);
    return BigInt.asIntN(64, this.varint());
  }

  bytes(f: ProtoField): Uint8Array {
    this.expect(f, WireType.Bytes);
    return this.lengthDelimited();
  }

  /** Reads and discards a field's value. */
  skip(f: ProtoField): void {
    switch (f.wireType) {
      case WireType.Varint:
        this.varint();
        return;
      case WireType.Fixed64:
        this.take(8);
        return;
      case WireType.Bytes:
        this.lengthDelimited();
        return;
      case WireType.Fixed32:
        this.take(4);
        return;
      default:
        throw new OttoError('dataMalformed');
    }
  }

  private expect(f: ProtoField, wireType: number): void {
    if (f.wireType !== wireType) throw new OttoError('dataMalformed');
  }

  private varint(): bigint {
    let value = 0n;
    for (let i = 0; i < 10; i++) {
      const byte = this.take(1)[0]!;
      value |= BigInt(byte & 0x7f) << BigInt(7 * i);
      if (byte < 0x80) return BigInt.asUintN(64, value);
    }
    throw new OttoError('dataMalformed');
  }

  private lengthDelimited(): Uint8Array {
    const length = this.varint();
    if (length > BigInt(this.data.length - this.pos)) throw new OttoError('dataTruncated');
    return this.take(Number(length));
  }

  private take(n: number): Uint8Array {
    if (this.pos + n > this.data.length) throw new OttoError('dataTruncated');
    const out = this.data.subarray(this.pos, this.pos + n);
    this.pos += n;
    return out;
  }
}
