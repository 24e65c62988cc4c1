/**
 * Otto's content script, on every page and frame. It stays idle until the page has
 * inputs, finds MFA code fields, and asks the background for codes; it never sees
 * a secret. Kept dependency-free and in one chunk (no web-accessible resources that
 * would let pages fingerprint the extension): no runtime imports shared with other
 * entries, and no webextension-polyfill (Chrome's MV3 `chrome.*` and Firefox's
 * `browser.*` both return promises for runtime.sendMessage).
 */
import type { ContentCommand, ContentRequest, FillDecision, Reply } from '../shared/messages';
import { closeChooser, showChooser } from './chooser';
import { findOtpFields, hasCandidateInputs, type OtpField } from './detect';
import { fillField, fillFocused, submitFormOf } from './fill';

const ext: typeof chrome = (globalThis as { browser?: typeof chrome }).browser ?? chrome;
const RESCAN_DELAY_MS = 250;

let fields: OtpField[] = [];
let reported = 0;
let scanTimer: ReturnType<typeof setTimeout> | undefined;
let waitTimer: ReturnType<typeof setTimeout> | undefined;
let clockChecked = false;

async function ask(req: ContentRequest): Promise<FillDecision | null> {
  try {
    const reply = (await ext.runtime.sendMessage(req)) as Reply<FillDecision> | undefined;
    return reply?.ok ? reply.value : null;
  } catch {
    return null; // Extension reloaded or updated: this old script is orphaned.
  }
}

function apply(codes: string[], target: 'detected' | 'focused', autoSubmit: boolean): number {
  if (target === 'focused' || !fields.length) return fillFocused(codes[0] ?? '') ? 1 : 0;
  let filled = 0;
  fields.slice(0, codes.length).forEach((field, i) => {
    if (fillField(field, codes[i]!)) filled++;
  });
  if (filled && autoSubmit) submitFormOf(fields[filled - 1]!);
  return filled;
}

/**
 * Acts on the background's answer to `req`. A `wait` asks the same request again
 * when the next code is due: the account the user picked, or the fill they asked
 * for by shortcut/menu (which must not be dropped by the 'request' autofill setting).
 */
function handle(decision: FillDecision | null, req: ContentRequest & { count: number }, target: 'detected' | 'focused'): void {
  if (!decision) return;
  const { count } = req;
  if (decision.action === 'fill') apply(decision.codes, target, decision.autoSubmit);
  else if (decision.action === 'wait') {
    clearTimeout(waitTimer);
    waitTimer = setTimeout(() => void ask(req).then((d) => handle(d, req, target)), decision.ms);
  } else if (decision.action === 'choose') {
    showChooser(decision.options, (accountId) => {
      const pick: ContentRequest & { count: number } = { type: 'pick', accountId, count };
      void ask(pick).then((d) => handle(d, pick, target));
    });
  }
}

const untouched = (list: OtpField[]) => list.every((f) => f.inputs.every((i) => !i.value));

/** Reports the server's clock (the Date header) once per page with code fields. */
function checkClock(): void {
  if (clockChecked) return;
  clockChecked = true;
  const localMs = Date.now();
  void fetch(location.href, { method: 'HEAD', cache: 'no-store', credentials: 'omit' })
    .then((r) => {
      const dateMs = Date.parse(r.headers.get('date') ?? '');
      // Midpoint of the request is the best local estimate of when the server stamped it.
      if (Number.isFinite(dateMs)) void ask({ type: 'serverDate', dateMs, localMs: (localMs + Date.now()) / 2 });
    })
    .catch(() => undefined);
}

function scan(): void {
  fields = findOtpFields(document);
  const count = fields.length;
  if (count !== reported) {
    reported = count;
    if (count && untouched(fields)) {
      const req = { type: 'fieldsFound', count } as const;
      void ask(req).then((d) => handle(d, req, 'detected'));
      checkClock();
    }
  }
}

function scheduleScan(): void {
  scanTimer ??= setTimeout(() => {
    scanTimer = undefined;
    scan();
  }, RESCAN_DELAY_MS);
}

/** Cheap filter: only node insertions that can bring an input wake detection up. */
function bringsInputs(records: MutationRecord[]): boolean {
  for (const r of records) {
    for (const node of r.addedNodes) {
      if (node.nodeType !== 1) continue;
      const el = node as Element;
      if (el.localName === 'input' || el.shadowRoot || el.getElementsByTagName('input').length) return true;
    }
  }
  return false;
}

ext.runtime.onMessage.addListener((message: ContentCommand, _sender, sendResponse) => {
  switch (message.type) {
    case 'fill':
      fields = findOtpFields(document);
      closeChooser();
      sendResponse({ filled: apply(message.codes, message.target, message.autoSubmit) });
      break;
    case 'detect':
      fields = findOtpFields(document);
      sendResponse({ count: fields.length, host: location.hostname });
      break;
    case 'requestFill':
      sendResponse(null);
      if (!document.hasFocus()) break;
      fields = findOtpFields(document);
      {
        const req = { type: 'userFill', count: fields.length } as const;
        void ask(req).then((d) => handle(d, req, req.count ? 'detected' : 'focused'));
      }
      break;
    case 'rescan':
      sendResponse(null);
      reported = 0;
      scan();
      break;
  }
  return false;
});

if (hasCandidateInputs(document)) scan();
new MutationObserver((records) => {
  if (bringsInputs(records)) scheduleScan();
}).observe(document, { childList: true, subtree: true });
