// Google Authenticator's "Transfer accounts" export: otpauth-migration://offline?data=
// with the base64 of a protobuf MigrationPayload (google-authenticator-android,
// proto/migration.proto as published by the export's readers):
//   OtpParameters { bytes secret = 1; string name = 2; string issuer = 3;
//     Algorithm algorithm = 4 (1 SHA1, 2 SHA256, 3 SHA512, 4 MD5);
//     DigitCount digits = 5 (1 SIX, 2 EIGHT); OtpType type = 6 (1 HOTP, 2 TOTP); int64 counter = 7; }
//   MigrationPayload { repeated OtpParameters otp_parameters = 1; int32 version = 2;
//     int32 batch_size = 3; int32 batch_index = 4; int32 batch_id = 5; }
// The period is always 30 s. `name` is the account label as scanned, often "Issuer:account".
import { expected, pick } from '../lib.mjs';

function varint(n) {
  let v = BigInt.asUintN(64, BigInt(n));
  const out = [];
  do {
    out.push(Number(v & 0x7fn) | (v > 0x7fn ? 0x80 : 0));
    v >>= 7n;
  } while (v > 0n);
  return out;
}
const key = (field, wire) => varint((field << 3) | wire);
const int = (field, n) => [...key(field, 0), ...varint(n)];
const len = (field, b) => {
  const body = typeof b === 'string' ? [...Buffer.from(b, 'utf8')] : [...b];
  return [...key(field, 2), ...varint(body.length), ...body];
};

const ALGORITHM = { SHA1: 1, SHA256: 2, SHA512: 3 };
const DIGITS = { 6: 1, 8: 2 };

function otp(a, name) {
  return len(1, [
    ...len(1, a.secret), ...len(2, name), ...len(3, a.issuer),
    ...int(4, ALGORITHM[a.algorithm]), ...int(5, DIGITS[a.digits]), ...int(6, a.type === 'hotp' ? 1 : 2),
    ...(a.type === 'hotp' ? int(7, a.counter) : []),
  ]);
}

function payload(entries, { index, size, id }) {
  // batch_index 0 is the default and, as protobuf does, left out.
  return Buffer.from([...entries.flat(), ...int(2, 1), ...int(3, size), ...(index ? int(4, index) : []), ...int(5, id)]);
}

export function make() {
  // Google Authenticator has 6 or 8 digits and 30 s only: accounts that fit.
  const [acme, lantern, orbit, bare] = pick('acme', 'lantern', 'orbit', 'bare');
  const batchId = -1_234_567_890; // negative: a 10-byte varint on the wire
  const first = payload([otp(acme, `${acme.issuer}:${acme.name}`), otp(lantern, lantern.name)], { index: 0, size: 2, id: batchId });
  // Empty issuer field, "Issuer:account" name: what older exports hold.
  const second = payload([otp(orbit, orbit.name), otp({ ...bare, issuer: '' }, `Bare Corp:${bare.name}`)], { index: 1, size: 2, id: batchId });
  // The app percent-encodes the base64; some tools pass `+` and `/` through raw: both occur.
  const lines = [
    `otpauth-migration://offline?data=${encodeURIComponent(first.toString('base64'))}`,
    `otpauth-migration://offline?data=${second.toString('base64')}`,
  ];
  return [{
    file: 'google-migration.txt',
    bytes: Buffer.from(lines.join('\n') + '\n'),
    expected: [expected(acme), expected(lantern), expected(orbit), expected(bare, { issuer: 'Bare Corp' })],
    note: 'Google Authenticator export, two QR codes of one batch (negative batch_id); "Issuer:account" names',
    uris: lines,
  }];
}
