/**
 * fill.ts in real Chromium, against a page that behaves like React's
 * controlled inputs: state owns the value, and an input event whose value equals
 * what was last rendered (the `_valueTracker`) is dropped, after which the DOM is
 * re-rendered from state.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { bundle } from './bundle';

const SRC = fileURLToPath(new URL('../../src/content/', import.meta.url));
const CHROMIUM_ARGS = ['--headless=new', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

const CONTROLLED_PAGE = `<!doctype html><meta charset="utf-8">
<style>.otp{display:flex;gap:6px}.otp input{width:30px}</style>
<div id="root">
  <form id="form">
    <h1>Two-factor authentication</h1>
    <label for="single">Authentication code</label>
    <input id="single" inputmode="numeric" maxlength="6" autocomplete="one-time-code">
    <p>Or type it into the boxes:</p>
    <div class="otp" aria-label="Authentication code">
      ${[0, 1, 2, 3, 4, 5].map((i) => `<input class="box" data-i="${i}" maxlength="1" inputmode="numeric" aria-label="Digit ${i + 1}">`).join('')}
    </div>
    <button type="submit">Verify</button>
  </form>
  <section><label for="plain">Notes</label> <input id="plain"></section>
  <shadow-host></shadow-host>
</div>
<script>
// A block scope: page.setContent reuses the window, so top-level consts would clash on reload.
{
  const proto = Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, 'value');
  window.state = { single: '', boxes: ['', '', '', '', '', ''], submitted: 0 };
  // React's tracker: the instance setter records every value React (or a naive filler) writes.
  const tracked = new WeakMap();
  function track(input) {
    tracked.set(input, input.value);
    Object.defineProperty(input, 'value', {
      configurable: true,
      get() { return proto.get.call(this); },
      set(v) { tracked.set(this, String(v)); proto.set.call(this, v); },
    });
  }
  const single = document.getElementById('single');
  const boxes = [...document.querySelectorAll('.box')];
  [single, ...boxes].forEach(track);
  function render() {
    single.value = state.single;
    boxes.forEach((b, i) => { b.value = state.boxes[i]; });
  }
  // One delegated listener at the root, as React does: events must bubble.
  document.getElementById('root').addEventListener('input', (e) => {
    const input = e.target;
    const value = proto.get.call(input);
    if (value !== tracked.get(input)) {
      tracked.set(input, value);
      if (input === single) state.single = value.replace(/\\D/g, '').slice(0, 6);
      else if (input.classList.contains('box')) {
        const i = Number(input.dataset.i);
        state.boxes[i] = value.replace(/\\D/g, '').slice(-1);
        if (state.boxes[i] && boxes[i + 1]) boxes[i + 1].focus();
      }
    }
    render();
  });
  document.getElementById('form').addEventListener('submit', (e) => { e.preventDefault(); state.submitted++; });
  if (!customElements.get('shadow-host')) customElements.define('shadow-host', class extends HTMLElement {
    connectedCallback() { this.attachShadow({ mode: 'open' }).innerHTML = '<input id="inner">'; }
  });
}
</script>`;

let browser: Browser;
let page: Page;
let scripts: string[];

beforeAll(async () => {
  scripts = await Promise.all([
    bundle(path.join(SRC, 'detect.ts'), 'OttoDetect'),
    bundle(path.join(SRC, 'fill.ts'), 'OttoFill'),
  ]);
  browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_ARGS });
  page = await browser.newPage({ viewport: { width: 1000, height: 700 } });
});

afterAll(async () => {
  await browser?.close();
});

async function load(html: string) {
  await page.setContent(html);
  for (const content of scripts) await page.addScriptTag({ content });
}

type Win = Window & {
  OttoDetect: typeof import('../../src/content/detect');
  OttoFill: typeof import('../../src/content/fill');
  state: { single: string; boxes: string[]; submitted: number };
};

describe('fill', () => {
  beforeEach(() => load(CONTROLLED_PAGE));

  it('a naive value assignment is reverted by the controlled input (the page really behaves like React)', async () => {
    const state = await page.evaluate(() => {
      const w = window as unknown as Win;
      const input = document.getElementById('single') as HTMLInputElement;
      input.value = '123456';
      input.dispatchEvent(new Event('input', { bubbles: true }));
      return { state: w.state.single, dom: input.value };
    });
    expect(state).toEqual({ state: '', dom: '' });
  });

  it('fills the detected single field and the split field into component state, without submitting', async () => {
    const result = await page.evaluate(() => {
      const w = window as unknown as Win;
      const fields = w.OttoDetect.findOtpFields(document);
      const filled = fields.map((f, i) => w.OttoFill.fillField(f, ['123456', '987654'][i]!));
      return {
        sizes: fields.map((f) => f.inputs.length),
        filled,
        single: w.state.single,
        boxes: w.state.boxes.join(''),
        dom: [...document.querySelectorAll<HTMLInputElement>('.box')].map((b) => b.value).join(''),
        submitted: w.state.submitted,
      };
    });
    expect(result).toEqual({ sizes: [1, 6], filled: [true, true], single: '123456', boxes: '987654', dom: '987654', submitted: 0 });
  });

  it('refuses a code that does not fit the field', async () => {
    const result = await page.evaluate(() => {
      const w = window as unknown as Win;
      const [single, split] = w.OttoDetect.findOtpFields(document);
      return [w.OttoFill.fillField(single!, '12345678'), w.OttoFill.fillField(split!, '1234'), w.state.single, w.state.boxes.join('')];
    });
    expect(result).toEqual([false, false, '', '']);
  });

  it('submitFormOf submits the form once, through its submit button', async () => {
    const submitted = await page.evaluate(() => {
      const w = window as unknown as Win;
      const [field] = w.OttoDetect.findOtpFields(document);
      return [w.OttoFill.submitFormOf(field!), w.state.submitted];
    });
    expect(submitted).toEqual([true, 1]);
  });

  it('fillFocused fills a field detection passed over, in open shadow roots too, and nothing when no input has focus', async () => {
    const result = await page.evaluate(() => {
      const w = window as unknown as Win;
      const plain = document.getElementById('plain') as HTMLInputElement;
      const detected = w.OttoDetect.findOtpFields(document).some((f) => f.inputs.includes(plain));
      (document.activeElement as HTMLElement | null)?.blur();
      const withoutFocus = w.OttoFill.fillFocused('111111');
      plain.focus();
      const filledPlain = w.OttoFill.fillFocused('123 456');
      const inner = document.querySelector('shadow-host')!.shadowRoot!.getElementById('inner') as HTMLInputElement;
      inner.focus();
      const filledInner = w.OttoFill.fillFocused('654321');
      return { detected, withoutFocus, filledPlain, plain: plain.value, filledInner, inner: inner.value };
    });
    expect(result).toEqual({ detected: false, withoutFocus: false, filledPlain: true, plain: '123456', filledInner: true, inner: '654321' });
  });

  it('fillFocused on one box of a split code fills the whole row', async () => {
    const boxes = await page.evaluate(() => {
      const w = window as unknown as Win;
      document.querySelector<HTMLInputElement>('.box[data-i="2"]')!.focus();
      return [w.OttoFill.fillFocused('246802'), w.state.boxes.join('')];
    });
    expect(boxes).toEqual([true, '246802']);
  });
});
