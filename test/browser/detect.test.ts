/**
 * Runs findOtpFields over the fixture corpus in real Chromium. Every fixture states
 * what it expects (see test/fixtures/README.md); precision and recall are counted
 * per code field over the whole corpus.
 */
import { readdirSync, readFileSync, writeFileSync, mkdtempSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { chromium, type Browser, type Frame, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bundle } from './bundle';

const FIXTURES = fileURLToPath(new URL('../fixtures/', import.meta.url));
const SRC = fileURLToPath(new URL('../../src/content/', import.meta.url));
const CHROMIUM_ARGS = ['--headless=new', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

const fixtures = (kind: 'positive' | 'negative') =>
  readdirSync(path.join(FIXTURES, kind))
    .filter((f) => f.endsWith('.html'))
    .map((f) => `${kind}/${f}`);
const metaOf = (html: string, name: string) => html.match(new RegExp(`<meta name="${name}" content="(\\d+)">`))?.[1];

/** Field = the data-otto labels of its inputs, e.g. ['a'] or ['a:1', …, 'a:6']. */
type Labels = string[][];
interface FrameResult {
  auto: Labels;
  onRequest: Labels;
  /** Every data-otto label in the frame, shadow roots included. */
  expected: string[];
}

let browser: Browser;
let page: Page;
let server: Server;
let base: string;
let detectCode: string;
const tally = { tp: 0, fp: 0, fn: 0 };

beforeAll(async () => {
  detectCode = await bundle(path.join(SRC, 'detect.ts'), 'OttoDetect');
  server = createServer((req, res) => {
    const file = path.join(FIXTURES, path.normalize(decodeURIComponent(req.url ?? '/')).replace(/^[/\\.]+/, ''));
    try {
      const body = readFileSync(file);
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(body);
    } catch {
      res.writeHead(404).end();
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
  browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_ARGS });
  page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
});

afterAll(async () => {
  await browser?.close();
  server?.close();
});

async function detectIn(frame: Frame): Promise<FrameResult> {
  await frame.addScriptTag({ content: detectCode });
  return frame.evaluate(() => {
    const d = (window as unknown as { OttoDetect: typeof import('../../src/content/detect') }).OttoDetect;
    const labels = (fields: Array<{ inputs: HTMLInputElement[] }>) => fields.map((f) => f.inputs.map((i) => i.getAttribute('data-otto') ?? ''));
    const expected: string[] = [];
    const collect = (root: Document | ShadowRoot) => {
      for (const el of root.querySelectorAll('*')) {
        const label = el.getAttribute('data-otto');
        if (label) expected.push(label);
        if (el.shadowRoot) collect(el.shadowRoot);
      }
    };
    collect(document);
    return { auto: labels(d.findOtpFields(document)), onRequest: labels(d.findCodeFieldsOnRequest(document)), expected };
  });
}

/** A found field is right when it is exactly one expected field, boxes in their declared visual order. */
function matches(found: string[], sizes: Map<string, number>): string | null {
  const group = found[0]!.split(':')[0]!;
  if (!group || sizes.get(group) !== found.length) return null;
  const ok = found.every((label, i) => (found.length === 1 ? label === group : label === `${group}:${i + 1}`));
  return ok ? group : null;
}

async function run(fixture: string) {
  const html = readFileSync(path.join(FIXTURES, fixture), 'utf8');
  await page.goto(base + fixture, { waitUntil: 'load' });
  const wait = Number(metaOf(html, 'otto-wait') ?? 0);
  if (wait) await page.waitForTimeout(wait);
  const results = await Promise.all(page.frames().map(detectIn));
  const sizes = new Map<string, number>();
  for (const label of results.flatMap((r) => r.expected)) {
    const group = label.split(':')[0]!;
    sizes.set(group, (sizes.get(group) ?? 0) + 1);
  }
  const found = results.flatMap((r) => r.auto);
  const right = found.map((f) => matches(f, sizes));
  const hit = new Set(right.filter((g): g is string => g !== null));
  tally.tp += hit.size;
  tally.fp += found.length - hit.size;
  tally.fn += sizes.size - hit.size;
  return { html, sizes, found, right, onRequest: results.flatMap((r) => r.onRequest) };
}

describe('positive fixtures: every code field found, nothing else', () => {
  it.each(fixtures('positive'))('%s', async (fixture) => {
    const { html, sizes, found, right } = await run(fixture);
    const expectCount = Number(metaOf(html, 'otto-expect'));
    expect(sizes.size, 'fixture declares as many fields as it labels').toBe(expectCount);
    expect(found, 'labels of the fields found').toHaveLength(expectCount);
    expect(right, `found ${JSON.stringify(found)}`).not.toContain(null);
    // Document order: AWS "MFA code 1" before "MFA code 2".
    expect(right).toEqual([...sizes.keys()]);
  });
});

describe('negative fixtures: no field', () => {
  it.each(fixtures('negative'))('%s', async (fixture) => {
    const { html, found, onRequest } = await run(fixture);
    expect(found, `false fields ${JSON.stringify(found)}`).toEqual([]);
    // SMS / email code pages: still found when the user explicitly asks.
    const onRequestCount = Number(metaOf(html, 'otto-on-request') ?? 0);
    expect(onRequest).toHaveLength(onRequestCount);
  });
});

describe('corpus', () => {
  it('has precision and recall of 1 and is large enough', () => {
    const precision = tally.tp / (tally.tp + tally.fp || 1);
    const recall = tally.tp / (tally.tp + tally.fn || 1);
    console.log(
      `corpus: ${fixtures('positive').length} positive + ${fixtures('negative').length} negative pages; ` +
        `fields tp=${tally.tp} fp=${tally.fp} fn=${tally.fn}; precision=${precision.toFixed(3)} recall=${recall.toFixed(3)}`,
    );
    expect(fixtures('positive').length).toBeGreaterThanOrEqual(40);
    expect(fixtures('negative').length).toBeGreaterThanOrEqual(30);
    expect(tally.tp).toBeGreaterThan(0);
    expect(precision).toBe(1);
    expect(recall).toBe(1);
  });

  it('keeps detect + fill + notice small enough for a script on every page', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'otto-size-'));
    const entry = path.join(dir, 'entry.ts');
    writeFileSync(entry, ['detect', 'fill', 'notice'].map((m) => `export * from ${JSON.stringify(path.join(SRC, m))};`).join('\n'));
    const gz = gzipSync(await bundle(entry, 'OttoContent')).length;
    console.log(`detect + fill + notice: ${gz} bytes gzipped`);
    // Mostly the multilingual patterns; V8 compiles regexes and function bodies lazily, so what a
    // page pays is measured by bench/content.mjs, and this bound only catches an accidental import.
    expect(gz).toBeLessThan(7 * 1024);
  });
});
