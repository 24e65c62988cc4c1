/**
 * The protobuf wire reader for Google Authenticator migration payloads: a thin face over
 * @bufbuild/protobuf's BinaryReader (a maintained, conformance-tested runtime) that reads
 * untrusted bytes and turns every refusal into a typed OttoError: 'dataTruncated' (the
 * bytes end inside a field) or 'dataMalformed' (field 0, wire types 6/7, an overlong
 * varint, unbalanced or too deeply nested groups).
 * `next()` yields fields one at a time; `int32`, `int64` and `bytes` check the wire type
 * first; `skip` passes over an unknown field of any type, groups included.
 * Two rules are added to the runtime's: a length is a varint of at most 5 bytes (the runtime
 * keeps only the low 32 bits of a longer one, so a claimed length of 2^63 would read as 0
 * and the bytes it claimed as the next fields), and a skipped varint has at most 10 bytes,
 * like a read one.
 */
import { BinaryReader } from '@bufbuild/protobuf/wire';
import { OttoError } from './errors';

export const WireType = { Varint: 0, Fixed64: 1, Bytes: 2, StartGroup: 3, EndGroup: 4, Fixed32: 5 } as const;

/** Groups (deprecated, never in a migration payload) nest at most this deep, like the runtime's own skip. */
const MAX_GROUP_DEPTH = 100;
/** A longer length varint overflows 32 bits (protobuf limits lengths to 2^31 − 1). */
const MAX_LENGTH_BYTES = 5;

export interface ProtoField {
  field: number;
  wireType: number;
}

/** Runs one read; the runtime throws RangeError when the data ends early, Error otherwise. */
function read<T>(fn: () => T): T {
  try {
    return fn();
  } catch (e) {
    throw new OttoError(e instanceof RangeError ? 'dataTruncated' : 'dataMalformed');
  }
}

export class ProtoReader {
  private readonly reader: BinaryReader;

  constructor(data: Uint8Array) {
    this.reader = new BinaryReader(data);
  }

  /** The next field's tag, or null at the end of the message. */
  next(): ProtoField | null {
    if (this.reader.pos >= this.reader.len) return null;
    const [field, wireType] = read(() => this.reader.tag());
    return { field, wireType };
  }

  int32(f: ProtoField): number {
    this.expect(f, WireType.Varint);
    return read(() => this.reader.int32());
  }

  int64(f: ProtoField): bigint {
    this.expect(f, WireType.Varint);
    return read(() => BigInt(this.reader.int64()));
  }

  bytes(f: ProtoField): Uint8Array {
    this.expect(f, WireType.Bytes);
    const start = this.reader.pos;
    const value = read(() => this.reader.bytes());
    if (this.reader.pos - start - value.length > MAX_LENGTH_BYTES) throw new OttoError('dataMalformed');
    return value;
  }

  /** Reads and discards a field's value. */
  skip(f: ProtoField): void {
    this.skipAt(f, 0);
  }

  /** Groups are walked here, not by the runtime, so the fields inside them obey the length rule too. */
  private skipAt(f: ProtoField, depth: number): void {
    if (f.wireType === WireType.Varint) this.int64(f); // the runtime's own skip would pass a varint of any length
    else if (f.wireType === WireType.Bytes) this.bytes(f);
    else if (f.wireType === WireType.StartGroup) this.skipGroup(f.field, depth + 1);
    else read(() => this.reader.skip(f.wireType)); // an EndGroup here closes nothing: the runtime refuses it
  }

  private skipGroup(field: number, depth: number): void {
    if (depth > MAX_GROUP_DEPTH) throw new OttoError('dataMalformed');
    for (;;) {
      const f = this.next();
      if (!f) throw new OttoError('dataTruncated');
      if (f.wireType === WireType.EndGroup) {
        if (f.field !== field) throw new OttoError('dataMalformed');
        return;
      }
      this.skipAt(f, depth);
    }
  }

  private expect(f: ProtoField, wireType: number): void {
    if (f.wireType !== wireType) throw new OttoError('dataMalformed');
  }
}
