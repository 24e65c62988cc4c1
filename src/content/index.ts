/**
 * Otto's content script, on every page and frame. It watches for MFA code fields as
 * they appear (src/content/watch.ts), stands down where the background says nothing
 * can be filled, and asks the background for codes; it never sees a secret. Kept dependency-free and in one chunk (no web-accessible resources that
 * would let pages fingerprint the extension): no runtime imports shared with other
 * entries, and no webextension-polyfill (Chrome's MV3 `chrome.*` and Firefox's
 * `browser.*` both return promises for runtime.sendMessage).
 */
import type { ClaimAnswer, ContentCommandResponses, ContentRequest, ContentResponses, FillDecision, FillTarget, Reply } from '../shared/messages';
import { parseCommand } from './commands';
import { findOtpFields, type OtpField } from './detect';
import { fillField, fillFocused, submitFormOf } from './fill';
import { hideHint, showHint } from './hint';
import { closeNotice, showChooseNotice } from './notice';
import { watchForFields } from './watch';

const ext: typeof chrome = (globalThis as { browser?: typeof chrome }).browser ?? chrome;

let fields: OtpField[] = [];
/** Inputs already reported to the background: a field is asked about once, when it is new. */
let reported = new WeakSet<HTMLInputElement>();
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
  hideHint();
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
  if (decision?.action !== 'wait') hideHint();
  // Orphaned (extension updated or removed), or nothing can be filled here until the background says otherwise.
  if (!ext.runtime?.id || (req.type === 'fieldsFound' && (decision?.action === 'none' || decision?.action === 'locked'))) watch.disarm();
  if (!decision) return;
  if (decision.action === 'fill') apply(decision.codes, target, decision.autoSubmit);
  else if (decision.action === 'wait') {
    clearTimeout(waitTimer);
    waitTimer = setTimeout(() => void ask(req).then((d) => handle(d, req, target)), decision.ms);
    showWaitHint(target, Date.now() + decision.ms);
  } else if (decision.action === 'choose') {
    showChooseNotice(ext.i18n.getMessage('noticeChooseInPopup') || 'Several Otto accounts fit this page: choose one from Otto’s toolbar button.');
  }
}

/** Why the field stays empty: under the detected field, or the focused one the user asked to fill. */
function showWaitHint(target: FillTarget, due: number): void {
  const focused = document.activeElement;
  const inputs = target === 'detected' && fields.length ? fields[0]!.inputs : focused instanceof HTMLInputElement ? [focused] : [];
  showHint(inputs, due, (s) => ext.i18n.getMessage('hintNextCode', [String(s)]));
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

function scan(): OtpField[] {
  fields = findOtpFields(document);
  const inputs = fields.flatMap((f) => f.inputs);
  const fresh = inputs.some((i) => !reported.has(i));
  inputs.forEach((i) => reported.add(i));
  if (fresh && untouched(fields)) {
    const req = { type: 'fieldsFound', count: fields.length } as const;
    void ask(req).then((d) => handle(d, req, 'detected'));
  }
  return fields;
}

const watch = watchForFields(scan);

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
    case 'rearm':
      sendResponse(null);
      watch.arm();
      break;
    case 'rescan':
      // Unlocked: watch again and ask as on page load.
      sendResponse(null);
      reported = new WeakSet();
      watch.arm();
      scan();
      break;
  }
  return false;
});

watch.arm();
