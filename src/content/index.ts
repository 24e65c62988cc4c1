/**
 * Otto's content script, on every page and frame. It stays idle until the page has
 * inputs, finds MFA code fields, and asks the background for codes; it never sees
 * a secret. Kept dependency-free and in one chunk (no web-accessible resources that
 * would let pages fingerprint the extension): no runtime imports shared with other
 * entries, and no webextension-polyfill (Chrome's MV3 `chrome.*` and Firefox's
 * `browser.*` both return promises for runtime.sendMessage).
 */
import type { ClaimAnswer, ContentCommandResponses, ContentRequest, ContentResponses, FillDecision, FillTarget, Reply } from '../shared/messages';
import { parseCommand } from './commands';
import { findOtpFields, hasCandidateInputs, type OtpField } from './detect';
import { fillField, fillFocused, submitFormOf } from './fill';
import { closeNotice, showChooseNotice } from './notice';

const ext: typeof chrome = (globalThis as { browser?: typeof chrome }).browser ?? chrome;
const RESCAN_DELAY_MS = 250;

let fields: OtpField[] = [];
let reported = 0;
let scanTimer: ReturnType<typeof setTimeout> | undefined;
let waitTimer: ReturnType<typeof setTimeout> | undefined;

async function ask<R extends ContentRequest>(req: R): Promise<ContentResponses[R['type']] | null> {
  try {
    const reply = (await ext.runtime.sendMessage(req)) as Reply<ContentResponses[R['type']]> | undefined;
    return reply?.ok ? reply.value : null;
  } catch {
    return null; // Extension reloaded or updated: this old script is orphaned.
  }
}

function apply(codes: string[], target: FillTarget, autoSubmit: boolean): number {
  closeNotice();
  if (target === 'focused' || !fields.length) return fillFocused(codes[0] ?? '') ? 1 : 0;
  let filled = 0;
  fields.slice(0, codes.length).forEach((field, i) => {
    if (fillField(field, codes[i]!)) filled++;
  });
  if (filled && autoSubmit) submitFormOf(fields[filled - 1]!);
  return filled;
}

/**
 * Acts on the background's answer to `req`. A `wait` asks the same request again when
 * the next code is due (the fill the user asked for by shortcut/menu must not be dropped
 * by the 'request' autofill setting).
 */
function handle(decision: FillDecision | null, req: Extract<ContentRequest, { count: number }>, target: FillTarget): void {
  if (!decision) return;
  if (decision.action === 'fill') apply(decision.codes, target, decision.autoSubmit);
  else if (decision.action === 'wait') {
    clearTimeout(waitTimer);
    waitTimer = setTimeout(() => void ask(req).then((d) => handle(d, req, target)), decision.ms);
  } else if (decision.action === 'choose') {
    showChooseNotice(ext.i18n.getMessage('noticeChooseInPopup') || 'Several Otto accounts fit this page: choose one from Otto’s toolbar button.');
  }
}

const untouched = (list: OtpField[]) => list.every((f) => f.inputs.every((i) => !i.value));

/** The popup's Fill invited this document: claim the codes (the background checks it is still the document meant), fill them. */
async function accept(token: string): Promise<ContentCommandResponses['invite']> {
  const answer: ClaimAnswer | null = await ask({ type: 'claim', token });
  if (answer?.action === 'wait') return { waitMs: answer.ms };
  if (answer?.action !== 'fill') return { filled: 0 };
  fields = findOtpFields(document);
  return { filled: apply(answer.codes, answer.target, answer.autoSubmit) };
}

function scan(): void {
  fields = findOtpFields(document);
  const count = fields.length;
  if (count !== reported) {
    reported = count;
    if (count && untouched(fields)) {
      const req = { type: 'fieldsFound', count } as const;
      void ask(req).then((d) => handle(d, req, 'detected'));
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

ext.runtime.onMessage.addListener((message: unknown, _sender, sendResponse) => {
  const command = parseCommand(message);
  if (!command) return false; // Not one of Otto's commands: no answer at all.
  switch (command.type) {
    case 'invite':
      void accept(command.token).then(sendResponse);
      return true; // answered asynchronously
    case 'detect':
      fields = findOtpFields(document);
      sendResponse({ count: fields.length } satisfies ContentCommandResponses['detect']);
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
