/**
 * Where focus goes when the screen changes (issue 14 item 7): the new screen starts
 * scrolled to the top with focus on its first field (`data-autofocus`) or its heading,
 * and Back to the list puts focus on the row (or header button) the user left from.
 */

/** What to return to on Back: a row's account id, or the id of the control that was focused. */
export type Origin = { row: string } | { id: string } | null;

export function originOf(el: Element | null): Origin {
  const row = el?.closest<HTMLElement>('li[data-id]')?.dataset['id'];
  if (row) return { row };
  return el?.id ? { id: el.id } : null;
}

/** The element to focus on a screen just shown; `origin` only applies to the list. */
export function focusTarget(root: ParentNode, origin: Origin): HTMLElement | null {
  if (origin) {
    const back = 'row' in origin ? root.querySelector<HTMLElement>(`li[data-id="${CSS.escape(origin.row)}"] .row-main`) : root.querySelector<HTMLElement>(`#${CSS.escape(origin.id)}`);
    if (back) return back;
  }
  return root.querySelector<HTMLElement>('[data-autofocus]:not(:disabled)') ?? root.querySelector<HTMLElement>('h1');
}

/** Scrolls every scroller of the popup to the top and focuses the new screen's target. */
export function enterScreen(root: HTMLElement, origin: Origin): void {
  document.scrollingElement?.scrollTo(0, 0);
  for (const main of root.querySelectorAll('main')) main.scrollTop = 0;
  const target = focusTarget(root, origin);
  if (!target) return;
  if (target.tagName === 'H1' && !target.hasAttribute('tabindex')) target.tabIndex = -1;
  // A row returned to may be far down the list: bring it into view (the sticky header would cover `start`).
  target.focus({ preventScroll: true });
  target.scrollIntoView({ block: origin ? 'center' : 'nearest' });
}
