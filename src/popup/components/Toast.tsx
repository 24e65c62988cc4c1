/** The polite live region: "Copied", "Filled", errors, and the Undo offer after a delete. */
import type { ComponentChildren } from 'preact';
import { useEffect } from 'preact/hooks';

const SHOW_MS = 4000;

/** `serial` changes with every announcement, even of the same text: a new node is announced again and shown for the full time. */
export function Toast({ text, serial = 0, onDone, children }: { text: string; serial?: number; onDone(): void; children?: ComponentChildren }) {
  useEffect(() => {
    if (!text) return;
    const timer = setTimeout(onDone, SHOW_MS);
    return () => clearTimeout(timer);
  }, [text, serial, onDone]);
  return (
    <div class="toast-area" role="status" aria-live="polite">
      {text && (
        <p class="toast" key={serial}>
          {text}
        </p>
      )}
      {children && <p class="toast">{children}</p>}
    </div>
  );
}
