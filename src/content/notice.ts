/**
 * The note Otto shows on a page where several accounts fit: choose one in Otto's toolbar
 * popup. It names no account and has nothing to click (a page can read the text of a closed
 * shadow root with window.find() or a selection, and can steer clicks onto what it covers),
 * so there is nothing on it a page could learn from or turn against the user.
 */
const SHOWN_MS = 12_000;

let current: { host: HTMLElement; timer: ReturnType<typeof setTimeout> } | null = null;

export function closeNotice(): void {
  if (!current) return;
  clearTimeout(current.timer);
  current.host.remove();
  current = null;
}

export function showChooseNotice(text: string): void {
  closeNotice();
  const host = document.createElement('otto-notice');
  const root = host.attachShadow({ mode: 'closed' });
  const style = document.createElement('style');
  style.textContent =
    ':host{all:initial;position:fixed;top:12px;right:12px;z-index:2147483647;pointer-events:none}' +
    'p{margin:0;max-width:320px;font:14px/1.4 system-ui,sans-serif;background:#fff;color:#1c1c28;border:1px solid #c8c8d8;border-radius:10px;box-shadow:0 6px 24px #0003;padding:10px 12px}' +
    '@media (prefers-color-scheme:dark){p{background:#23232f;color:#f0f0f6;border-color:#44445a}}';
  const note = document.createElement('p');
  note.setAttribute('role', 'status');
  note.textContent = text;
  root.append(style, note);
  document.documentElement.append(host);
  current = { host, timer: setTimeout(closeNotice, SHOWN_MS) };
}
