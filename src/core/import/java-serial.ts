/**
 * A reader for the small part of Java Object Serialization
 * (docs.oracle.com/javase/8/docs/platform/serialization/spec/protocol.html) that a
 * serialised `HashMap` of strings and boxed primitives uses — what Android's
 * `ObjectOutputStream.writeObject(prefs.getAll())` writes (FreeOTP 2's backup).
 *
 * The input is untrusted, so nothing here is allowed to cost more than the file:
 * every length is checked against the bytes left before anything is allocated, nesting
 * is bounded, the number of objects and class fields is bounded, and only plain data
 * classes are understood (no arrays, enums, proxies or externalizable classes; no class
 * is ever loaded or run — this only reads bytes). Anything else is a typed error.
 */
import { OttoError } from '../errors';

/** A Java value: String, a boxed primitive, null, or an object of a plain data class. */
export type JavaValue = string | number | bigint | boolean | null | JavaObject;

/** Block data (raw bytes written by a class's writeObject) or a value. */
export type JavaContent = Uint8Array | JavaValue;

export interface JavaObject {
  className: string;
  /** Field values of every class in the hierarchy (superclass first). */
  fields: Map<string, JavaValue>;
  /** What each class's own writeObject wrote after its fields, by class name. */
  written: Map<string, JavaContent[]>;
}

interface ClassDesc {
  name: string;
  flags: number;
  fields: Array<{ code: string; name: string }>;
  superclass: ClassDesc | null;
}

const MAGIC = 0xaced;
const VERSION = 5;
const TC = {
  NULL: 0x70,
  REFERENCE: 0x71,
  CLASSDESC: 0x72,
  OBJECT: 0x73,
  STRING: 0x74,
  ARRAY: 0x75,
  CLASS: 0x76,
  BLOCKDATA: 0x77,
  ENDBLOCKDATA: 0x78,
  RESET: 0x79,
  BLOCKDATALONG: 0x7a,
  EXCEPTION: 0x7b,
  LONGSTRING: 0x7c,
  PROXYCLASSDESC: 0x7d,
  ENUM: 0x7e,
} as const;
const BASE_HANDLE = 0x7e0000;
const SC_WRITE_METHOD = 0x01;
const SC_SERIALIZABLE = 0x02;
const SC_EXTERNALIZABLE = 0x04;

/** Bounds no real settings backup comes near; they only cap what a hostile file can make us do. */
export const JAVA_LIMITS = {
  bytes: 16 * 1024 * 1024,
  depth: 12,
  handles: 1_000_000,
  fields: 256,
  classChain: 16,
};

const truncated = () => new OttoError('dataTruncated');
const malformed = () => new OttoError('dataMalformed');

class Reader {
  private at = 0;
  private readonly view: DataView;
  private readonly handles: unknown[] = [];

  constructor(private readonly bytes: Uint8Array) {
    this.view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  }

  get done(): boolean {
    return this.at >= this.bytes.length;
  }

  private need(n: number): void {
    if (n < 0 || this.bytes.length - this.at < n) throw truncated();
  }
  u8(): number {
    this.need(1);
    return this.bytes[this.at++]!;
  }
  peek(): number {
    this.need(1);
    return this.bytes[this.at]!;
  }
  u16(): number {
    this.need(2);
    const v = this.view.getUint16(this.at);
    this.at += 2;
    return v;
  }
  i32(): number {
    this.need(4);
    const v = this.view.getInt32(this.at);
    this.at += 4;
    return v;
  }
  i64(): bigint {
    this.need(8);
    const v = this.view.getBigInt64(this.at);
    this.at += 8;
    return v;
  }
  take(n: number): Uint8Array {
    this.need(n);
    const out = this.bytes.subarray(this.at, this.at + n);
    this.at += n;
    return out;
  }

  private newHandle(value: unknown): void {
    if (this.handles.length >= JAVA_LIMITS.handles) throw malformed();
    this.handles.push(value);
  }
  private handle(): unknown {
    const index = this.i32() - BASE_HANDLE;
    if (index < 0 || index >= this.handles.length) throw malformed();
    return this.handles[index];
  }

  private utf(length: number): string {
    return decodeModifiedUtf8(this.take(length));
  }

  /** One content item: a value, or block data where block data is allowed. */
  content(depth: number, blockAllowed: boolean): JavaContent {
    if (depth > JAVA_LIMITS.depth) throw malformed();
    const tc = this.u8();
    switch (tc) {
      case TC.NULL:
        return null;
      case TC.REFERENCE: {
        const v = this.handle();
        if (v === undefined || isClassDesc(v)) throw malformed();
        return v as JavaValue;
      }
      case TC.STRING:
      case TC.LONGSTRING: {
        const length = tc === TC.STRING ? this.u16() : this.longLength();
        const s = this.utf(length);
        this.newHandle(s);
        return s;
      }
      case TC.OBJECT:
        return this.object(depth);
      case TC.BLOCKDATA:
      case TC.BLOCKDATALONG: {
        if (!blockAllowed) throw malformed();
        const length = tc === TC.BLOCKDATA ? this.u8() : this.i32();
        if (length < 0) throw malformed();
        return this.take(length);
      }
      default:
        // Arrays, classes, enums, proxies, exceptions and resets: not in a settings map.
        throw malformed();
    }
  }

  private longLength(): number {
    const n = this.i64();
    if (n < 0n || n > BigInt(this.bytes.length)) throw truncated();
    return Number(n);
  }

  /** An object field's type name: a string or a reference to one, never anything that nests. */
  private typeName(): void {
    const tc = this.u8();
    if (tc === TC.STRING) this.newHandle(this.utf(this.u16()));
    else if (tc !== TC.REFERENCE || typeof this.handle() !== 'string') throw malformed();
  }

  private classDesc(chain: number): ClassDesc | null {
    if (chain > JAVA_LIMITS.classChain) throw malformed();
    const tc = this.u8();
    if (tc === TC.NULL) return null;
    if (tc === TC.REFERENCE) {
      const v = this.handle();
      if (!isClassDesc(v)) throw malformed();
      return v;
    }
    if (tc !== TC.CLASSDESC) throw malformed();
    const name = this.utf(this.u16());
    this.i64(); // serialVersionUID: nothing is loaded, so nothing to check it against
    const desc: ClassDesc = { name, flags: 0, fields: [], superclass: null };
    this.newHandle(desc);
    desc.flags = this.u8();
    if (desc.flags & SC_EXTERNALIZABLE || !(desc.flags & SC_SERIALIZABLE)) throw malformed();
    const count = this.u16();
    if (count > JAVA_LIMITS.fields) throw malformed();
    for (let i = 0; i < count; i++) {
      const code = String.fromCharCode(this.u8());
      const fieldName = this.utf(this.u16());
      if (code === 'L' || code === '[') {
        this.typeName();
      } else if (!'BCDFIJSZ'.includes(code)) throw malformed();
      desc.fields.push({ code, name: fieldName });
    }
    // Class annotations: only an empty one (ENDBLOCKDATA) is expected from a plain class.
    if (this.u8() !== TC.ENDBLOCKDATA) throw malformed();
    desc.superclass = this.classDesc(chain + 1);
    return desc;
  }

  private object(depth: number): JavaObject {
    const desc = this.classDesc(0);
    if (!desc) throw malformed();
    const obj: JavaObject = { className: desc.name, fields: new Map(), written: new Map() };
    this.newHandle(obj);
    const chain: ClassDesc[] = [];
    for (let c: ClassDesc | null = desc; c; c = c.superclass) {
      if (chain.length >= JAVA_LIMITS.classChain) throw malformed();
      chain.unshift(c);
    }
    for (const c of chain) {
      for (const f of c.fields) obj.fields.set(f.name, this.field(f.code, depth));
      if (c.flags & SC_WRITE_METHOD) obj.written.set(c.name, this.annotation(depth));
    }
    return obj;
  }

  private field(code: string, depth: number): JavaValue {
    switch (code) {
      case 'B':
        return (this.u8() << 24) >> 24;
      case 'C':
        return String.fromCharCode(this.u16());
      case 'S':
        return (this.u16() << 16) >> 16;
      case 'I':
        return this.i32();
      case 'J':
        return this.i64();
      case 'F': {
        const v = this.view.getFloat32((this.need(4), this.at));
        this.at += 4;
        return v;
      }
      case 'D': {
        const v = this.view.getFloat64((this.need(8), this.at));
        this.at += 8;
        return v;
      }
      case 'Z':
        return this.u8() !== 0;
      default: {
        const v = this.content(depth + 1, false);
        if (v instanceof Uint8Array) throw malformed();
        return v;
      }
    }
  }

  /** What writeObject wrote after the fields: block data and values up to ENDBLOCKDATA. */
  private annotation(depth: number): JavaContent[] {
    const out: JavaContent[] = [];
    while (this.peek() !== TC.ENDBLOCKDATA) {
      if (out.length >= this.bytes.length) throw malformed();
      out.push(this.content(depth + 1, true));
    }
    this.at++;
    return out;
  }
}

function isClassDesc(v: unknown): v is ClassDesc {
  return typeof v === 'object' && v !== null && 'flags' in v && 'superclass' in v;
}

/** Java's modified UTF-8: like UTF-8, but U+0000 is C0 80 and astral characters are two 3-byte surrogates. */
export function decodeModifiedUtf8(bytes: Uint8Array): string {
  const units: number[] = [];
  let text = '';
  for (let i = 0; i < bytes.length; ) {
    const a = bytes[i]!;
    if (a < 0x80 && a !== 0) {
      units.push(a);
      i += 1;
    } else if ((a & 0xe0) === 0xc0) {
      const b = bytes[i + 1];
      if (b === undefined || (b & 0xc0) !== 0x80) throw malformed();
      units.push(((a & 0x1f) << 6) | (b & 0x3f));
      i += 2;
    } else if ((a & 0xf0) === 0xe0) {
      const b = bytes[i + 1];
      const c = bytes[i + 2];
      if (b === undefined || c === undefined || (b & 0xc0) !== 0x80 || (c & 0xc0) !== 0x80) throw malformed();
      units.push(((a & 0x0f) << 12) | ((b & 0x3f) << 6) | (c & 0x3f));
      i += 3;
    } else throw malformed();
    // Flush in chunks: String.fromCharCode takes arguments, and a long string has many.
    if (units.length >= 4096) text += String.fromCharCode(...units.splice(0));
  }
  return text + String.fromCharCode(...units);
}

/** True when the bytes start like a Java serialisation stream. */
export function isJavaStream(bytes: Uint8Array): boolean {
  return bytes.length >= 4 && ((bytes[0]! << 8) | bytes[1]!) === MAGIC && ((bytes[2]! << 8) | bytes[3]!) === VERSION;
}

/** The one top-level object of a stream (trailing bytes are an error). */
export function readJavaStream(bytes: Uint8Array): JavaValue {
  if (bytes.length > JAVA_LIMITS.bytes) throw malformed();
  if (!isJavaStream(bytes)) throw malformed();
  const r = new Reader(bytes.subarray(4));
  const value = r.content(0, false);
  if (!r.done) throw malformed();
  return value as JavaValue;
}

/** Boxed primitives (java.lang.Boolean/Integer/Long/Float/…) as their value. */
function unbox(v: JavaValue): JavaValue {
  if (v === null || typeof v !== 'object') return v;
  if (/^java\.lang\.(Boolean|Integer|Long|Float|Double|Short|Byte|Character)$/.test(v.className) && v.fields.has('value')) return v.fields.get('value')!;
  return v;
}

/**
 * The entries of a serialised java.util.HashMap (or a subclass such as LinkedHashMap), in
 * stream order: HashMap.writeObject writes (buckets, size) as block data, then each key
 * and value. Boxed primitive values are unboxed; other objects are returned as they are.
 */
export function readJavaHashMap(bytes: Uint8Array): Array<[JavaValue, JavaValue]> {
  const root = readJavaStream(bytes);
  if (root === null || typeof root !== 'object') throw malformed();
  const written = root.written.get('java.util.HashMap');
  if (!written) throw malformed();
  const [head, ...items] = written;
  if (!(head instanceof Uint8Array) || head.length !== 8) throw malformed();
  const size = new DataView(head.buffer, head.byteOffset, 8).getInt32(4);
  if (size < 0 || items.length !== size * 2 || items.some((x) => x instanceof Uint8Array)) throw malformed();
  const entries: Array<[JavaValue, JavaValue]> = [];
  for (let i = 0; i < items.length; i += 2) entries.push([unbox(items[i] as JavaValue), unbox(items[i + 1] as JavaValue)]);
  return entries;
}
