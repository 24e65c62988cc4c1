/**
 * A modal dialog on the platform's <dialog> + showModal(): the browser makes the rest
 * of the popup inert (the backdrop blocks clicks, Tab stays inside) and restores focus
 * to where it was when the dialog closes. Mounting opens it, unmounting closes it;
 * Escape calls `onCancel` (the parent unmounts it).
 *
 * Focus moves to the element marked `data-initial-focus` (the safe choice: Cancel for a
 * destructive question), else the first control.
 */
import type { ComponentChildren } from 'preact';
import { useLayoutEffect, useRef } from 'preact/hooks';

let serial = 0;

interface Props {
  title: string;
  children: ComponentChildren;
  onCancel(): void;
  /** A question that interrupts (delete, fill on an unbound site): role alertdialog. */
  alert?: boolean;
  /** Styles the title as a warning. */
  warn?: boolean;
  /** Id of the element that explains the question (read after the title). */
  describedBy?: string;
}

export function Dialog({ title, children, onCancel, alert = false, warn = false, describedBy }: Props) {
  const ref = useRef<HTMLDialogElement>(null);
  const titleId = useRef(`dialog-${++serial}-title`).current;
  const cancel = useRef(onCancel);
  cancel.current = onCancel;

  useLayoutEffect(() => {
    const dialog = ref.current!;
    dialog.showModal();
    const first = dialog.querySelector<HTMLElement>('[data-initial-focus]') ?? dialog.querySelector<HTMLElement>('button, input, select, textarea, [tabindex]');
    first?.focus();
    // Escape fires `cancel`: the parent decides (it unmounts us). Without a user gesture
    // since the last one, Chrome closes the dialog anyway: `close` then reports it too.
    let done = false;
    const onCancelEvent = (e: Event) => {
      e.preventDefault();
      if (!done) cancel.current();
    };
    const onClose = () => {
      if (!done) cancel.current();
    };
    dialog.addEventListener('cancel', onCancelEvent);
    dialog.addEventListener('close', onClose);
    return () => {
      done = true;
      dialog.removeEventListener('cancel', onCancelEvent);
      dialog.removeEventListener('close', onClose);
      // close() before the node leaves the DOM: the browser then puts focus back.
      if (dialog.open) dialog.close();
    };
  }, []);

  return (
    <dialog ref={ref} class="sheet" role={alert ? 'alertdialog' : undefined} aria-labelledby={titleId} aria-describedby={describedBy}>
      <h2 id={titleId} class={warn ? 'warn-title' : undefined}>
        {title}
      </h2>
      {children}
    </dialog>
  );
}
