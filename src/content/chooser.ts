/**
 * "Which account?" picker shown on a page where several accounts are bound. It lives
 * in a closed shadow root and acts only on trusted clicks that land on it uncovered
 * and fully opaque (DOM-based clickjacking defence); otherwise it points to the popup.
 */
import { isSafeToAct } from './guard';

let current: HTMLElement | null = null;

export function closeChooser(): void {
  current?.remove();
  current = null;
}

export function showChooser(options: Array<{ id: string; name: string }>, onPick: (id: string) => void): void {
  closeChooser();
  const host = document.createElement('otto-chooser');
  const root = host.attachShadow({ mode: 'closed' });
  const style = document.createElement('style');
  style.textContent =
    ':host{all:initial;position:fixed;top:12px;right:12px;z-index:2147483647}' +
    'div{font:14px system-ui,sans-serif;background:#fff;color:#1c1c28;border:1px solid #c8c8d8;border-radius:10px;box-shadow:0 6px 24px #0003;padding:10px;min-width:220px}' +
    'p{margin:0 0 8px;font-weight:600}button{display:block;width:100%;text-align:left;margin:4px 0;padding:8px;border:1px solid #d8d8e4;border-radius:6px;background:#f6f6fb;color:inherit;font:inherit;cursor:pointer}' +
    'button:focus-visible{outline:2px solid #5b5bd6}small{display:block;color:#a33;margin-top:6px}';
  const box = document.createElement('div');
  box.setAttribute('role', 'dialog');
  box.setAttribute('aria-label', 'Otto: choose an account');
  const title = document.createElement('p');
  title.textContent = 'Otto: fill the code of…';
  box.append(title);
  const warn = document.createElement('small');
  for (const option of options) {
    const button = document.createElement('button');
    button.textContent = option.name;
    button.addEventListener('click', (e) => {
      const r = button.getBoundingClientRect();
      // Keyboard activation has no pointer position: check the button's centre instead.
      const x = e.detail ? e.clientX : r.left + r.width / 2;
      const y = e.detail ? e.clientY : r.top + r.height / 2;
      if (!e.isTrusted || !isSafeToAct(host, x, y)) {
        warn.textContent = 'This page is covering Otto. Open Otto from the toolbar to fill.';
        box.append(warn);
        return;
      }
      closeChooser();
      onPick(option.id);
    });
    box.append(button);
  }
  const cancel = document.createElement('button');
  cancel.textContent = 'Not now';
  cancel.addEventListener('click', closeChooser);
  box.append(cancel);
  root.append(style, box);
  document.documentElement.append(host);
  current = host;
}
