// FreeOTP+ JSON export (FreeOTPPlus's TokenPersistence/Token, Gson): `tokens` with the
// secret as a signed Java byte array and `tokenOrder` ("issuer:label") for the list
// order the user arranged. HOTP `counter` is the token's stored counter.
// FreeOTP+ has no Steam type, and an account without an issuer has neither issuer field.
import { expected, javaBytes, pick } from '../lib.mjs';

function token(a) {
  const t = { algo: a.algorithm, counter: a.type === 'hotp' ? a.counter : 0, digits: a.digits };
  if (a.issuer) Object.assign(t, { issuerExt: a.issuer, issuerInt: a.issuer });
  return { ...t, label: a.name, period: a.period ?? 30, secret: javaBytes(a.secret), type: a.type.toUpperCase() };
}

export function make() {
  const accounts = pick('acme', 'harbor', 'quill', 'lantern', 'orbit', 'fjord', 'zurich', 'bare');
  // The user moved the last accounts to the top: the import follows tokenOrder, not the file.
  const order = [...accounts.slice(5), ...accounts.slice(0, 5)];
  const file = { tokenOrder: order.map((a) => (a.issuer ? `${a.issuer}:${a.name}` : a.name)), tokens: accounts.map(token) };
  return [{
    file: 'freeotp-plus.json',
    bytes: Buffer.from(JSON.stringify(file)),
    expected: order.map((a) => expected(a)),
    ordered: true,
    note: 'FreeOTP+ JSON; tokens listed in file order, imported in tokenOrder',
  }];
}
