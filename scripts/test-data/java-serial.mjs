// A writer for the part of Java Object Serialization (docs.oracle.com/javase/8/docs/
// platform/serialization/spec/protocol.html) that `ObjectOutputStream.writeObject(map)`
// produces for a HashMap of Strings and Booleans, as FreeOTP 2 writes its backup.

const STREAM_MAGIC = [0xac, 0xed, 0x00, 0x05];
const TC_NULL = 0x70;
const TC_CLASSDESC = 0x72;
const TC_OBJECT = 0x73;
const TC_STRING = 0x74;
const TC_BLOCKDATA = 0x77;
const TC_ENDBLOCKDATA = 0x78;
const TC_LONGSTRING = 0x7c;
const SC_WRITE_METHOD = 0x01;
const SC_SERIALIZABLE = 0x02;

/** Java's "modified UTF-8": U+0000 as two bytes, astral characters as two 3-byte surrogates. */
export function modifiedUtf8(text) {
  const out = [];
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i); // UTF-16 code units, surrogates included
    if (c >= 1 && c <= 0x7f) out.push(c);
    else if (c <= 0x7ff) out.push(0xc0 | (c >> 6), 0x80 | (c & 0x3f));
    else out.push(0xe0 | (c >> 12), 0x80 | ((c >> 6) & 0x3f), 0x80 | (c & 0x3f));
  }
  return Buffer.from(out);
}

/** String.hashCode(): s[0]·31^(n−1) + … over UTF-16 code units, in 32-bit arithmetic. */
export function javaHash(text) {
  let h = 0;
  for (let i = 0; i < text.length; i++) h = (Math.imul(h, 31) + text.charCodeAt(i)) | 0;
  return h;
}

class Out {
  parts = [];
  u8(...b) { this.parts.push(Buffer.from(b)); }
  u16(n) { const b = Buffer.alloc(2); b.writeUInt16BE(n); this.parts.push(b); }
  i32(n) { const b = Buffer.alloc(4); b.writeInt32BE(n); this.parts.push(b); }
  i64(n) { const b = Buffer.alloc(8); b.writeBigInt64BE(BigInt(n)); this.parts.push(b); }
  f32(n) { const b = Buffer.alloc(4); b.writeFloatBE(n); this.parts.push(b); }
  raw(b) { this.parts.push(b); }
  utf(text) { const b = modifiedUtf8(text); this.u16(b.length); this.raw(b); }
  bytes() { return Buffer.concat(this.parts); }
}

function string(out, text) {
  const b = modifiedUtf8(text);
  if (b.length <= 0xffff) {
    out.u8(TC_STRING);
    out.u16(b.length);
  } else {
    out.u8(TC_LONGSTRING);
    out.i64(b.length);
  }
  out.raw(b);
}

/** A class descriptor with primitive fields only (`fields`: [typecode, name], sorted as Java sorts them). */
function classDesc(out, name, suid, flags, fields) {
  out.u8(TC_CLASSDESC);
  out.utf(name);
  out.i64(suid);
  out.u8(flags);
  out.u16(fields.length);
  for (const [code, field] of fields) {
    out.u8(code.charCodeAt(0));
    out.utf(field);
  }
  out.u8(TC_ENDBLOCKDATA); // no class annotations
  out.u8(TC_NULL); // no serializable superclass
}

function value(out, v) {
  if (typeof v === 'string') return string(out, v);
  if (typeof v === 'boolean') {
    out.u8(TC_OBJECT);
    classDesc(out, 'java.lang.Boolean', -3665804199014368530n, SC_SERIALIZABLE, [['Z', 'value']]);
    return out.u8(v ? 1 : 0);
  }
  throw new Error(`cannot serialise ${typeof v}`);
}

/** HashMap(Map) sizes its table for the copy: tableSizeFor(size / 0.75 + 1). */
function capacityFor(size) {
  const t = Math.floor(size / 0.75 + 1);
  let n = 1;
  while (n < t) n *= 2;
  return Math.max(n, 1);
}

/**
 * `new ObjectOutputStream(out).writeObject(new HashMap<>(entries))`: the entries come out
 * in HashMap's bucket order (hash ^ hash>>>16, masked by the capacity), as Java writes them.
 */
export function serializeHashMap(entries) {
  const capacity = capacityFor(entries.length);
  const bucket = ([k]) => {
    const h = javaHash(k);
    return (h ^ (h >>> 16)) & (capacity - 1);
  };
  const ordered = entries.map((e, i) => ({ e, i })).sort((a, b) => bucket(a.e) - bucket(b.e) || a.i - b.i).map(({ e }) => e);

  const out = new Out();
  out.u8(...STREAM_MAGIC);
  out.u8(TC_OBJECT);
  classDesc(out, 'java.util.HashMap', 362498820763181265n, SC_WRITE_METHOD | SC_SERIALIZABLE, [['F', 'loadFactor'], ['I', 'threshold']]);
  out.f32(0.75);
  out.i32(capacity * 0.75);
  // writeObject's own data: bucket count and size, then each key and value.
  out.u8(TC_BLOCKDATA, 8);
  out.i32(capacity);
  out.i32(entries.length);
  for (const [k, v] of ordered) {
    string(out, k);
    value(out, v);
  }
  out.u8(TC_ENDBLOCKDATA);
  return out.bytes();
}
