/**
 * Clickjacking checks for Otto's injected UI: a click counts only if the user could
 * see what they clicked. The page controls the styles of our host element and of
 * its ancestors, and can stack its own elements above it, so all of that is checked
 * at click time (cheap enough for one click).
 */

/** Styles on the host or an ancestor that can make it faint, hidden, clipped or see-through. */
function tampered(el: Element): boolean {
  const s = getComputedStyle(el);
  return (
    parseFloat(s.opacity) < 1 ||
    s.filter !== 'none' ||
    s.clipPath !== 'none' ||
    (s.maskImage || 'none') !== 'none' ||
    s.mixBlendMode !== 'normal'
  );
}

/** The element actually hit at a point, resolved into open shadow roots. */
function hitAt(x: number, y: number): Element | null {
  let el = document.elementFromPoint(x, y);
  for (let inner; el?.shadowRoot && (inner = el.shadowRoot.elementFromPoint(x, y)) && inner !== el; ) el = inner;
  return el;
}

/** host.contains() that also sees into shadow roots. */
function inside(host: Element, node: Node | null): boolean {
  for (; node; node = node.parentNode ?? (node as ShadowRoot).host ?? null) if (node === host) return true;
  return false;
}

const overlaps = (a: DOMRect, b: DOMRect) => a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom;

/** A visible element painted above the host: later in the tree (same top z-index wins by order) or in the top layer. */
function coveredBy(host: Element, rect: DOMRect): boolean {
  for (const el of document.querySelectorAll('*')) {
    const later = host.compareDocumentPosition(el) === Node.DOCUMENT_POSITION_FOLLOWING;
    const top = el.matches(':modal') || el.matches(':popover-open') || document.fullscreenElement === el;
    if (!later && !top) continue;
    // A modal dialog's backdrop covers the whole viewport whatever the dialog's size.
    if (el.matches(':modal')) return true;
    const s = getComputedStyle(el);
    if (s.visibility === 'visible' && s.opacity !== '0' && overlaps(el.getBoundingClientRect(), rect)) return true;
  }
  return false;
}

export function isSafeToAct(host: Element, clickX: number, clickY: number): boolean {
  const rect = host.getBoundingClientRect();
  const s = getComputedStyle(host);
  if (s.visibility !== 'visible' || s.pointerEvents === 'none') return false;
  // Shrunk by a transform: could be too small to read.
  if (host instanceof HTMLElement && (rect.width < host.offsetWidth - 1 || rect.height < host.offsetHeight - 1)) return false;
  if (!rect.width || !rect.height || rect.left < 0 || rect.top < 0 || rect.right > innerWidth || rect.bottom > innerHeight) return false;
  for (let el: Element | null = host; el; el = el.parentElement ?? ((el.getRootNode() as ShadowRoot).host || null)) {
    if (tampered(el)) return false;
  }
  if (!inside(host, hitAt(clickX, clickY))) return false;
  return !coveredBy(host, rect);
}
