/** The polite live region: "Copied", "Filled", errors, and the Undo offer after a delete. */
import type { ComponentChildren } from 'preact';
import { useEffect } from 'preact/hooks';

const SHOW_MS = 4000;

export function Toast({ text, onDone, children }: { text: string; onDone(): void; children?: ComponentChildren }) {
  useEffect(() => {
    if (!text) return;
    const timer = setTimeout(onDone, SHOW_MS);
    return () => clearTimeout(timer);
  }, [text, onDone]);
  return (
    <div class="toast-area" role="status" aria-live="polite">
      {text && <p class="toast">{text}</p>}
      {children && <p class="toast">{children}</p>}
    </div>
  );
}
