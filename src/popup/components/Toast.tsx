/**
 * The polite live region below the screen: short confirmations ("Saved GitHub."), the
 * Undo offer after a delete, and words only screen readers need (a copy, whose visible
 * feedback is at the row). It sits under <main>, never over a button.
 */
import type { ComponentChildren } from 'preact';
import { useEffect, useRef } from 'preact/hooks';

export const SHOW_MS = 3000;

interface Props {
  text: string;
  /** Changes with every announcement, even of the same text: a new node is announced again and shown for the full time. */
  serial: number;
  /** Said to screen readers only. */
  quiet: boolean;
  onDone(): void;
  children?: ComponentChildren;
}

export function Toast({ text, serial, quiet, onDone, children }: Props) {
  useEffect(() => {
    if (!text) return;
    const timer = setTimeout(onDone, SHOW_MS);
    return () => clearTimeout(timer);
  }, [text, serial, onDone]);
  return (
    <div class="toast-area" role="status" aria-live="polite">
      {text && (
        <p class={quiet ? 'sr-only' : 'toast'} key={serial}>
          {text}
        </p>
      )}
      {children}
    </div>
  );
}

/** "Deleted GitHub. Undo": its time stops while it is hovered or has focus. */
export function UndoOffer(props: { text: string; label: string; onUndo(): void; onPause(): void; onResume(): void }) {
  const on = useRef({ hover: false, focus: false }).current;
  const update = (patch: Partial<typeof on>) => {
    Object.assign(on, patch);
    if (on.hover || on.focus) props.onPause();
    else props.onResume();
  };
  return (
    <p
      class="toast toast-undo"
      onMouseEnter={() => update({ hover: true })}
      onMouseLeave={() => update({ hover: false })}
      onFocusIn={() => update({ focus: true })}
      onFocusOut={() => update({ focus: false })}
    >
      {props.text}
      <button type="button" class="link" id="undo-delete" onClick={props.onUndo}>
        {props.label}
      </button>
    </p>
  );
}
