/**
 * Cross-checks hotp/totp/codeFor against Debian's oathtool (an independent C
 * implementation) on over a thousand random accounts. oathtool is required: CI
 * installs it, and a missing binary fails the test rather than skipping it.
 */
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import type { AccountDraft, Algorithm } from '../src/core/account';
import { codeFor, hotp, totp } from '../src/core/otp';

const OATHTOOL = '/usr/bin/oathtool';
const WINDOW = 2; // oathtool -w 2 prints 3 consecutive codes per run
const run = promisify(execFile);

// Seeded so a failure can be replayed: the seed is in every assertion message.
const SEED = Number(process.env.OATH_SEED ?? Date.now() % 2 ** 31);
function mulberry32(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 2 ** 32;
  };
}
const random = mulberry32(SEED);
const int = (min: number, max: number): number => min + Math.floor(random() * (max - min + 1));
const pick = <T>(items: readonly T[]): T => items[int(0, items.length - 1)]!;
const hex = (b: Uint8Array): string => Buffer.from(b).toString('hex');

interface Case {
  account: AccountDraft;
  timeMs: number;
  args: string;
}

function randomSecret(): Uint8Array {
  return Uint8Array.from({ length: int(10, 64) }, () => int(0, 255));
}

function totpCase(unixSeconds: number): Case {
  const algorithm = pick<Algorithm>(['SHA1', 'SHA256', 'SHA512']);
  const digits = int(6, 8);
  const period = int(1, 120);
  const secret = randomSecret();
  const account: AccountDraft = { type: 'totp', issuer: '', label: '', secret, algorithm, digits, period, counter: 0, sites: [] };
  // A random millisecond inside the second checks that sub-second time is floored like oathtool's whole seconds.
  return { account, timeMs: unixSeconds * 1000 + int(0, 999), args: `--totp=${algorithm} -d ${digits} -s ${period}s -N @${unixSeconds} -w ${WINDOW} ${hex(secret)}` };
}

function hotpCase(counter: number): Case {
  const digits = int(6, 8);
  const secret = randomSecret();
  // oathtool's HOTP is SHA1 only.
  const account: AccountDraft = { type: 'hotp', issuer: '', label: '', secret, algorithm: 'SHA1', digits, period: 30, counter, sites: [] };
  return { account, timeMs: 0, args: `-c ${counter} -d ${digits} -w ${WINDOW} ${hex(secret)}` };
}

function buildCases(): Case[] {
  const cases: Case[] = [];
  const edgeTimes = [0, 59, 2 ** 31 - 1, 2 ** 31, 2 ** 32, 20_000_000_000];
  for (const t of edgeTimes) cases.push(totpCase(t));
  for (let i = 0; i < 1000; i++) cases.push(totpCase(int(0, 2 ** 35))); // up to year ~3058, well past 2038
  const edgeCounters = [0, 2 ** 32 - 1, 2 ** 32, 2 ** 32 + 1, 2 ** 40, Number.MAX_SAFE_INTEGER - WINDOW];
  for (const c of edgeCounters) cases.push(hotpCase(c));
  for (let i = 0; i < 300; i++) {
    const counter = pick([int(0, 1_000_000), 2 ** 32 - 2 + int(0, 4), int(0, Number.MAX_SAFE_INTEGER - WINDOW)]);
    cases.push(hotpCase(counter));
  }
  return cases;
}

/** Runs oathtool once per case from a few shells (one per chunk), so Node spawns only a handful of processes. */
async function oathtoolCodes(cases: Case[], chunks = 4, concurrency = 2): Promise<string[][]> {
  const size = Math.ceil(cases.length / chunks);
  const scripts = Array.from({ length: chunks }, (_, c) =>
    cases.slice(c * size, (c + 1) * size).map((k) => `echo '#'; ${OATHTOOL} ${k.args} 2>&1`).join('\n'),
  );
  const outputs: string[] = new Array(chunks);
  let next = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < scripts.length) {
        const i = next++;
        outputs[i] = (await run('/bin/sh', ['-c', scripts[i]!], { maxBuffer: 1 << 24 })).stdout;
      }
    }),
  );
  return outputs.flatMap((out) => out.split('#\n').slice(1).map((block) => block.trim().split('\n')));
}

describe('cross-check against oathtool', () => {
  it('oathtool is installed', () => {
    expect(existsSync(OATHTOOL), `${OATHTOOL} is missing: install it with "sudo apt-get install oathtool" (CI does).`).toBe(true);
  });

  it('agrees on random TOTP (SHA1/256/512, 6-8 digits, 1-120 s, past 2038) and HOTP (counters past 2^32)', { timeout: 60_000 }, async () => {
    expect(existsSync(OATHTOOL), `${OATHTOOL} is missing: install it with "sudo apt-get install oathtool".`).toBe(true);
    const cases = buildCases();
    expect(cases.filter((c) => c.account.type === 'totp').length).toBeGreaterThanOrEqual(1000);
    const expected = await oathtoolCodes(cases);
    expect(expected).toHaveLength(cases.length);
    cases.forEach((k, i) => {
      const where = `seed ${SEED}, oathtool ${k.args.replace(/ [0-9a-f]+$/, ' <key>')}`;
      const want = expected[i]!;
      expect(want, where).toHaveLength(WINDOW + 1);
      const ours = want.map((_, step) => codeFor(k.account, k.timeMs, step));
      expect(ours, where).toEqual(want);
      const { secret, algorithm, digits, period, counter } = k.account;
      const direct = k.account.type === 'totp' ? totp(secret, k.timeMs, { algorithm, digits, period }) : hotp(secret, counter, { digits });
      expect(direct, where).toBe(want[0]);
      // oathtool stops at 8 digits. Since code = value mod 10^digits, a shorter code is the suffix of a
      // longer one: this checks the low digits of 9- and 10-digit codes (the top ones are pinned by RFC 4226 in otp.test.ts).
      for (const long of [9, 10]) {
        const longCode = codeFor({ ...k.account, digits: long }, k.timeMs);
        expect(longCode, where).toHaveLength(long);
        expect(longCode.slice(-digits), where).toBe(want[0]);
      }
    });
  });
});
