import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const root = path.resolve(__dirname, '../..');
type Messages = Record<string, { message: string; placeholders?: Record<string, { content: string }> }>;
const load = (lang: string): Messages => JSON.parse(readFileSync(path.join(root, 'public/_locales', lang, 'messages.json'), 'utf8'));
const en = load('en');
const de = load('de');

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = path.join(dir, name);
    return statSync(p).isDirectory() ? sources(p) : /\.tsx?$/.test(name) ? [p] : [];
  });
}

/** `$NAME$` references in a message must all be defined placeholders, and vice versa. */
function placeholderProblems(m: Messages[string]): string[] {
  const used = new Set([...m.message.matchAll(/\$([A-Za-z0-9_]+)\$/g)].map((x) => x[1]!.toLowerCase()));
  const defined = new Set(Object.keys(m.placeholders ?? {}).map((k) => k.toLowerCase()));
  return [...used].filter((u) => !defined.has(u)).concat([...defined].filter((d) => !used.has(d)));
}

describe('locales', () => {
  it('German has every English key, and nothing else', () => {
    expect(Object.keys(de).sort()).toEqual(Object.keys(en).sort());
  });

  it('every t() key used in src/popup exists in English', () => {
    const used = new Set<string>();
    for (const file of sources(path.join(root, 'src/popup'))) {
      for (const m of readFileSync(file, 'utf8').matchAll(/\bt\(\s*'([^']+)'/g)) used.add(m[1]!);
    }
    expect(used.size).toBeGreaterThan(50);
    expect([...used].filter((k) => !(k in en))).toEqual([]);
  });

  it('has the keys the manifest and background use', () => {
    const manifest = readFileSync(path.join(root, 'manifest.json'), 'utf8');
    const keys = [...manifest.matchAll(/__MSG_([A-Za-z0-9_]+)__/g)].map((m) => m[1]!);
    for (const k of [...keys, 'cmdFill', 'cmdScan', 'menuFill', 'menuScan', 'badgeLocked']) expect(en).toHaveProperty(k);
    expect(en['extName']!.message).toBe('Otto');
    expect(en['cmdFill']!.message).toBe('Fill MFA code');
    expect(en['menuScan']!.message).toBe('Scan QR code with Otto');
  });

  it('placeholders are defined where used, with the same arguments in both languages', () => {
    for (const [key, m] of Object.entries(en)) {
      expect(placeholderProblems(m), `en ${key}`).toEqual([]);
      expect(placeholderProblems(de[key]!), `de ${key}`).toEqual([]);
      expect(Object.keys(de[key]!.placeholders ?? {}).sort(), key).toEqual(Object.keys(m.placeholders ?? {}).sort());
    }
  });

  it('Chrome accepts every key name and no message is empty', () => {
    for (const [key, m] of [...Object.entries(en), ...Object.entries(de)]) {
      expect(key).toMatch(/^[A-Za-z0-9_@]+$/);
      expect(m.message.trim().length, key).toBeGreaterThan(0);
    }
  });
});

describe('error messages', () => {
  const placeholders = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

  it('every error code has words in every language, with the same {params}', async () => {
    const { ERROR_CODES } = await import('../../src/core/errors');
    for (const code of ERROR_CODES) {
      const key = `error_${code}`;
      expect(en[key]?.message, key).toBeTruthy();
      expect(de[key]?.message, key).toBeTruthy();
      expect(placeholders(de[key]!.message), key).toEqual(placeholders(en[key]!.message));
    }
  });

  it('no error message is left over from a code that no longer exists', async () => {
    const { ERROR_CODES } = await import('../../src/core/errors');
    const codes = new Set<string>(ERROR_CODES);
    expect(Object.keys(en).filter((k) => k.startsWith('error_') && !codes.has(k.slice(6).replace(/_(zero|one|two|few|many|other)$/, '')))).toEqual([]);
  });
});
