import { describe, expect, it } from 'vitest';
import { score } from '../src/popup/strength-zxcvbn';

describe('passphrase strength (zxcvbn-ts, en + de lists)', () => {
  it('rates common and dictionary passphrases low, long unrelated words high', () => {
    for (const weak of ['password1', 'passwort123', 'qwertzuiop', 'jennifer1990', 'ottoauthenticator']) expect(score(weak), weak).toBeLessThanOrEqual(2);
    for (const strong of ['tangerine kettle 42 orbit', 'correct horse battery staple zebra', 'Fluss Kabel Wolke Ampel 73']) expect(score(strong), strong).toBeGreaterThanOrEqual(3);
  });
});
