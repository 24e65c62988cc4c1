// The ciphers and KDFs the apps use, from Node's OpenSSL (AES, PBKDF2, scrypt, MD5)
// and hash-wasm (Argon2id): other implementations than Otto's importers use
// (WebCrypto and @noble/hashes), so a file that imports was not made by the reader.
import { createCipheriv, createHash, pbkdf2Sync, scryptSync } from 'node:crypto';
import { argon2id as argon2idWasm } from 'hash-wasm';

/** AES-GCM, 128-bit tag: `{ct, tag}`. */
export function gcmSeal(key, iv, plain, aad) {
  const c = createCipheriv(`aes-${key.length * 8}-gcm`, key, iv, { authTagLength: 16 });
  if (aad) c.setAAD(aad);
  const ct = Buffer.concat([c.update(plain), c.final()]);
  return { ct, tag: c.getAuthTag() };
}

/** AES-CBC with PKCS#7 padding. */
export function cbcSeal(key, iv, plain) {
  const c = createCipheriv(`aes-${key.length * 8}-cbc`, key, iv);
  return Buffer.concat([c.update(plain), c.final()]);
}

export const pbkdf2 = (hash, password, salt, iterations, length) => pbkdf2Sync(password, salt, iterations, length, hash);

export const scrypt = (password, salt, { N, r, p }, length) => scryptSync(password, salt, length, { N, r, p, maxmem: 256 * N * r * p });

export const sha256 = (data) => createHash('sha256').update(data).digest();

/** Argon2id, raw bytes or the PHC string (`$argon2id$v=19$m=…,t=…,p=…$salt$hash`). */
export function argon2id(password, salt, { m, t, p }, length, outputType = 'binary') {
  return argon2idWasm({ password, salt, memorySize: m, iterations: t, parallelism: p, hashLength: length, outputType });
}

/** OpenSSL's EVP_BytesToKey (MD5, one round), which CryptoJS uses for passphrases. */
export function evpBytesToKey(password, salt, keyLength, ivLength) {
  let block = Buffer.alloc(0);
  let derived = Buffer.alloc(0);
  while (derived.length < keyLength + ivLength) {
    block = createHash('md5').update(Buffer.concat([block, password, salt])).digest();
    derived = Buffer.concat([derived, block]);
  }
  return { key: derived.subarray(0, keyLength), iv: derived.subarray(keyLength, keyLength + ivLength) };
}
