/**
 * "Otto: next code in 12 s", shown under a code field while Otto holds its fill back (the
 * code of this step was used already, or too little of it is left), so that the user
 * knows why the field is still empty. It appears only where the background answered
 * `wait`, which it does only on pages the account is bound to.
 *
 * A page must not be able to steer it or learn from it: it lives in a closed shadow
 * root, names no account, says nothing but the countdown (a page can still read shadow
 * text with window.find() or a selection), has nothing to click or focus
 * (pointer-events: none, no listeners), and its `!important` :host rules beat the page's
 * styles on the host. It sits in the top layer (a manual popover) so that a modal sign-in
 * dialog does not hide it.
 */

const TICK_MS = 1000;

let current: { host: HTMLElement; stop: () => void } | null = null;

export function hideHint(): void {
  current?.stop();
  current = null;
}

/** Union of the boxes of the field's inputs, in viewport coordinates. */
function boxOf(inputs: HTMLElement[]): DOMRect {
  const rs = inputs.map((i) => i.getBoundingClientRect());
  const left = Math.min(...rs.map((r) => r.left));
  const top = Math.min(...rs.map((r) => r.top));
  return new DOMRect(left, top, Math.max(...rs.map((r) => r.right)) - left, Math.max(...rs.map((r) => r.bottom)) - top);
}

/**
 * Shows the countdown to `due` (epoch ms) under `inputs`; `text(seconds)` words it. It goes
 * away on hideHint(), or by itself when the field leaves the page or the user types into it.
 */
export function showHint(inputs: HTMLInputElement[], due: number, text: (seconds: number) => string): void {
  hideHint();
  if (!inputs.length) return;
  const host = document.createElement('otto-hint');
  const root = host.attachShadow({ mode: 'closed' });
  const style = document.createElement('style');
  style.textContent =
    ':host{all:initial!important;display:block!important;position:fixed!important;right:auto!important;bottom:auto!important;margin:0!important;padding:0!important;border:0!important;' +
    'background:none!important;overflow:visible!important;pointer-events:none!important;z-index:2147483647!important;opacity:1!important;visibility:visible!important}' +
    'p{margin:0;font:12px/1.3 system-ui,sans-serif;font-variant-numeric:tabular-nums;white-space:nowrap;background:#fff;color:#1c1c28;border:1px solid #c8c8d8;border-radius:6px;box-shadow:0 2px 8px #0002;padding:3px 8px}' +
    '@media (prefers-color-scheme:dark){p{background:#23232f;color:#f0f0f6;border-color:#44445a}}' +
    '.sr{position:absolute;width:1px;height:1px;overflow:hidden;clip-path:inset(50%)}';
  // Screen readers hear the sentence once; the ticking copy is for the eyes only.
  const said = document.createElement('span');
  said.className = 'sr';
  said.setAttribute('role', 'status');
  const shown = document.createElement('p');
  shown.setAttribute('aria-hidden', 'true');
  // Position in a shadow style sheet too: a page's inline or !important styles on the host cannot move it.
  const at = document.createElement('style');
  root.append(style, at, said, shown);

  const seconds = () => Math.max(1, Math.ceil((due - Date.now()) / 1000));
  const place = () => {
    if (!inputs.every((i) => i.isConnected) || inputs.some((i) => i.value)) return hideHint();
    shown.textContent = text(seconds());
    const r = boxOf(inputs);
    const below = r.bottom + 4 + host.offsetHeight <= innerHeight;
    const top = below ? r.bottom + 4 : r.top - 4 - host.offsetHeight;
    at.textContent = `:host{left:${Math.max(0, Math.round(r.left))}px!important;top:${Math.round(top)}px!important}`;
  };
  let frame = 0;
  const onMove = () => {
    frame ||= requestAnimationFrame(() => {
      frame = 0;
      place();
    });
  };
  const timer = setInterval(place, TICK_MS);
  const listeners = new AbortController();
  // Capture: scrolls of any container move the field too.
  addEventListener('scroll', onMove, { capture: true, passive: true, signal: listeners.signal });
  addEventListener('resize', onMove, { passive: true, signal: listeners.signal });

  host.setAttribute('popover', 'manual');
  document.documentElement.append(host);
  host.showPopover?.();
  said.textContent = text(seconds());
  current = {
    host,
    stop() {
      clearInterval(timer);
      cancelAnimationFrame(frame);
      listeners.abort();
      host.remove();
    },
  };
  place();
}
