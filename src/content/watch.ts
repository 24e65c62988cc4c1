/**
 * When the content script runs detection. Pages mutate all the time, and every node a
 * content script touches costs a wrapper object in its isolated world, so a mutation
 * costs one look at the page's live list of inputs: the inputs not seen before are judged
 * at once (a few string tests for an ordinary input) and, when one of them is a code
 * field, the full pass over the document runs right away. Only that expensive pass is
 * throttled, for pages that keep adding such inputs, and code-like inputs that are not
 * visible yet (a dialog fading in) get another look a little later. A field the page
 * reveals without adding it (a class toggled, a <details> opened) is judged when it takes
 * focus. Open shadow roots get observers of their own once a pass, a focus or a small
 * mutation shows them.
 *
 * Like uBlock Origin and Refined GitHub, it does nothing where nothing can come of it:
 * `disarm` drops the observers and listeners when the background says nothing can be
 * filled in this frame (nothing bound here, autofill off, vault locked or not set up);
 * the background re-arms it (`rearm`, or `rescan` after an unlock) when that changes.
 */
import { onShadowRoot, triage, type OtpField } from './detect';

/**
 * A page whose DOM changes more often than BUSY_CALLBACKS times in BUSY_MS (feeds, tickers,
 * animations) is not observed but looked at every POLL_MS (its inputs only) until two looks
 * in a row find no new input. An observer costs a content script a wrapper per mutation
 * record, paid even by an empty callback; a quiet sign-in page keeps the immediate path.
 */
const BUSY_CALLBACKS = 3;
const BUSY_MS = 1000;
const POLL_MS = 1000;
/** At most one full pass per this interval; a code field that appears sooner waits for the next one. */
const FULL_PASS_MS = 250;
/** Code-like inputs not visible yet: looked at again this often, this many times. */
const RECHECK_MS = 300;
const RECHECKS = 10;
/** Mutation batches up to this many records are searched for new shadow roots; bigger ones are content, not a sign-in widget. */
const SMALL_BATCH = 8;
/**
 * Finding shadow roots means touching every element, which a content script pays for with
 * a wrapper each: only on pages up to this size, at start. Web-component sign-in pages keep
 * their light DOM small; on larger pages shadow roots are found as they are inserted or focused.
 */
const WALK_MAX = 2000;
const SUBTREE = { childList: true, subtree: true };

export interface Watch {
  arm(): void;
  disarm(): void;
}

/** Open shadow roots in or under `node` (itself included), nested ones too. */
function shadowRootsIn(node: Element, out: ShadowRoot[] = []): ShadowRoot[] {
  const visit = (root: ShadowRoot) => {
    out.push(root);
    for (const el of root.querySelectorAll('*')) if (el.shadowRoot) visit(el.shadowRoot);
  };
  if (node.shadowRoot) visit(node.shadowRoot);
  if (node.firstElementChild) for (const el of node.querySelectorAll('*')) if (el.shadowRoot) visit(el.shadowRoot);
  return out;
}

/** `scan` runs the full pass and returns the fields it found. */
export function watchForFields(scan: () => OtpField[]): Watch {
  const light = document.getElementsByTagName('input');
  /** Inputs judged already: a mutation elsewhere does not judge them again. */
  const judged = new WeakSet<HTMLInputElement>();
  /** Inputs of fields found: focusing them needs no new pass. */
  const known = new WeakSet<HTMLInputElement>();
  const roots = new Map<ShadowRoot, MutationObserver | null>();
  let main: MutationObserver | null = null;
  let listeners: AbortController | null = null;
  let passTimer: ReturnType<typeof setTimeout> | undefined;
  let lastPass = -Infinity;
  let waiting = new Map<HTMLInputElement, number>();
  let recheckTimer: ReturnType<typeof setTimeout> | undefined;
  let recent: number[] = [];
  let pollTimer: ReturnType<typeof setTimeout> | undefined;

  const fullPass = () => {
    clearTimeout(passTimer);
    passTimer = undefined;
    lastPass = performance.now();
    for (const field of scan()) field.inputs.forEach((i) => known.add(i));
  };
  const soon = () => {
    const wait = lastPass + FULL_PASS_MS - performance.now();
    if (wait <= 0) fullPass();
    else passTimer ??= setTimeout(fullPass, wait);
  };

  const consider = (inputs: HTMLInputElement[]) => {
    if (!inputs.length) return;
    const { field, unseen } = triage(inputs);
    if (field) return soon();
    for (const i of unseen) waiting.set(i, waiting.get(i) ?? 0);
    if (waiting.size) recheckTimer ??= setTimeout(recheck, RECHECK_MS);
  };
  const recheck = () => {
    recheckTimer = undefined;
    const again = [...waiting].filter(([i, n]) => i.isConnected && n < RECHECKS);
    waiting = new Map(again.map(([i, n]) => [i, n + 1]));
    consider([...waiting.keys()]);
  };
  const fresh = (inputs: Iterable<HTMLInputElement>) => {
    const out: HTMLInputElement[] = [];
    for (const i of inputs) {
      if (!judged.has(i)) {
        judged.add(i);
        out.push(i);
      }
    }
    return out;
  };

  const inputsOf = (root: ShadowRoot) => fresh(root.querySelectorAll('input'));
  /** Observes a shadow root (once). A pass that met it judges its inputs itself. */
  const watchRoot = (root: ShadowRoot) => {
    if (roots.get(root) || !main) return;
    const o = new MutationObserver(() => consider(inputsOf(root)));
    o.observe(root, SUBTREE);
    roots.set(root, o);
  };

  const poll = (idle: number) => {
    const added = fresh(light);
    consider(added);
    idle = added.length ? 0 : idle + 1;
    if (idle < 2) pollTimer = setTimeout(() => poll(idle), POLL_MS);
    else {
      pollTimer = undefined;
      recent = [];
      main?.observe(document, SUBTREE);
    }
  };
  /** Counts this change; a busy page goes over to polling. */
  const pace = () => {
    const now = performance.now();
    recent = recent.filter((t) => now - t < BUSY_MS);
    recent.push(now);
    if (recent.length >= BUSY_CALLBACKS && main) {
      main.disconnect();
      pollTimer = setTimeout(() => poll(0), POLL_MS);
    }
  };

  const onMutations = (records: MutationRecord[]) => {
    pace();
    consider(fresh(light));
    // A web component inserted a moment ago renders into its shadow root after this callback.
    if (records.length > SMALL_BATCH) return;
    for (const r of records) {
      for (const node of r.addedNodes) {
        if (!(node instanceof Element)) continue;
        for (const root of shadowRootsIn(node)) {
          watchRoot(root);
          consider(inputsOf(root));
        }
      }
    }
  };

  const onFocus = (e: Event) => {
    const path = e.composedPath();
    for (const node of path) if (node instanceof ShadowRoot) watchRoot(node);
    const target = path[0];
    if (target instanceof HTMLInputElement && !known.has(target) && triage([target]).field) soon();
  };

  return {
    arm() {
      if (main) return;
      main = new MutationObserver(onMutations);
      main.observe(document, SUBTREE);
      for (const root of roots.keys()) watchRoot(root);
      onShadowRoot(watchRoot);
      // The fields already there, as if they had just been added.
      consider(fresh(light));
      if (document.getElementsByTagName('*').length <= WALK_MAX) {
        for (const root of shadowRootsIn(document.documentElement)) {
          watchRoot(root);
          consider(inputsOf(root));
        }
      }
      listeners = new AbortController();
      document.addEventListener('focusin', onFocus, { capture: true, signal: listeners.signal });
    },
    disarm() {
      main?.disconnect();
      main = null;
      for (const [root, o] of roots) {
        o?.disconnect();
        roots.set(root, null);
      }
      onShadowRoot(null);
      listeners?.abort();
      listeners = null;
      clearTimeout(passTimer);
      passTimer = undefined;
      clearTimeout(recheckTimer);
      recheckTimer = undefined;
      clearTimeout(pollTimer);
      pollTimer = undefined;
      waiting = new Map();
    },
  };
}
