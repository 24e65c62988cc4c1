/** The main screen: live codes, search-as-you-type, keyboard copy, fill and reorder, drag to reorder. */
import { useCallback, useEffect, useLayoutEffect, useMemo, useRef, useState } from 'preact/hooks';
import { isBound } from '../../core/sites';
import { request } from '../../shared/client';
import { useApp } from '../app-context';
import { AccountRow, rowId } from '../components/AccountRow';
import { BackupReminder } from '../components/BackupReminder';
import { SyncBanner } from '../components/SyncBanner';
import { IconButton } from '../components/IconButton';
import { SkewBanner } from '../components/SkewBanner';
import { filterAccounts, moveBeside, orderAccounts, rankOf } from '../filter';
import { errorText, t } from '../i18n';

/** For the bench: time from the accounts' arrival to the list in the DOM. */
function markFirstRender(): void {
  performance.mark('otto:list-rendered');
  try {
    const m = performance.measure('otto:first-render', 'otto:data', 'otto:list-rendered');
    window.__ottoPerf = { firstRenderMs: m.duration };
  } catch {
    // No data mark (should not happen): nothing to measure.
  }
}

/**
 * The popup (600 px at most, rows 61 px) shows about nine rows: the first frame renders a
 * screenful and the rest follows in chunks, so 500 accounts appear as fast as 12 and
 * typing stays responsive.
 */
const FIRST_ROWS = 12;
const MORE_ROWS = 100;
/** A press that moves further than this is a drag, not a click. */
const DRAG_PX = 6;

const isTextField = (el: EventTarget | null) => el instanceof HTMLElement && el.matches('input, textarea, select, [contenteditable]');

interface Drag {
  id: string;
  pointerId: number;
  startY: number;
  active: boolean;
  target: { id: string; after: boolean } | null;
}

/** `returnTo`: the account whose row gets focus back (rendered at once, however far down). */
export function AccountsScreen({ returnTo }: { returnTo?: string | undefined }) {
  const app = useApp();
  const [query, setQuery] = useState('');
  const [expanded, setExpanded] = useState<string | null>(null);
  const search = useRef<HTMLInputElement>(null);
  const list = useRef<HTMLUListElement>(null);
  const origin = app.tab.origin;

  const ordered = useMemo(() => orderAccounts(app.accounts, origin), [app.accounts, origin]);
  const shown = useMemo(() => filterAccounts(ordered, query), [ordered, query]);
  const [limit, setLimit] = useState(() => Math.max(FIRST_ROWS, returnTo ? shown.findIndex((a) => a.id === returnTo) + 1 : 0));
  useEffect(() => {
    if (limit >= shown.length) return;
    const timer = setTimeout(() => setLimit((l) => l + MORE_ROWS), 0);
    return () => clearTimeout(timer);
  }, [limit, shown.length]);
  const toggle = useCallback((id: string) => setExpanded((cur) => (cur === id ? null : id)), []);

  const marked = useRef(false);
  useLayoutEffect(() => {
    if (marked.current || !app.accounts.length) return;
    marked.current = true;
    markFirstRender();
  }, [app.accounts]);

  // Typing anywhere searches: a printable key outside a text field moves focus to the
  // search box before the character is inserted, so it lands there. A layout effect, so the
  // listener is there as soon as the list is: keys typed right after returning to it count.
  useLayoutEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.ctrlKey || e.metaKey || e.altKey || isTextField(e.target) || document.querySelector('dialog[open]')) return;
      if (e.key.length === 1 && e.key !== ' ') search.current?.focus();
      else if (e.key === 'Backspace') search.current?.focus();
    };
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, []);

  const rows = () => [...(list.current?.querySelectorAll<HTMLButtonElement>('.row-main') ?? [])];
  const focusRow = (i: number) => {
    const all = rows();
    if (i < 0) return search.current?.focus();
    all[Math.min(i, all.length - 1)]?.focus();
  };

  /** Saves a new manual order, then puts focus back on the moved row (the list re-renders under it). */
  const reorder = async (id: string, ids: string[]) => {
    try {
      await request({ type: 'reorder', ids });
      await app.reload();
      setTimeout(() => document.getElementById(rowId(id))?.focus(), 0);
      app.announce(t('moved', ids.indexOf(id) + 1, ids.length));
    } catch (e) {
      app.announce(errorText(e));
    }
  };

  /**
   * Alt+↑/↓: swap with the neighbour shown above or below. Bound and pinned accounts are
   * listed first whatever the manual order, so a row moves only within its group.
   */
  const moveByKey = (id: string, down: boolean) => {
    const i = shown.findIndex((a) => a.id === id);
    const me = shown[i];
    const other = shown[i + (down ? 1 : -1)];
    if (!me || !other || rankOf(other, origin) !== rankOf(me, origin)) return app.announce(down ? t('moveLast') : t('moveFirst'));
    void reorder(id, moveBeside(app.accounts.map((a) => a.id), id, other.id, down));
  };

  const onSearchKey = (e: KeyboardEvent) => {
    const first = shown[0];
    if (e.key === 'ArrowDown') {
      e.preventDefault();
      focusRow(0);
    } else if (e.key === 'Enter' && first) {
      e.preventDefault();
      if (e.shiftKey) void app.fill(first.id);
      else void app.copy(first);
    } else if (e.key === 'Escape' && query) {
      e.preventDefault();
      setQuery('');
    }
  };

  const onListKey = (e: KeyboardEvent) => {
    const target = e.target as HTMLElement;
    if (!target.classList.contains('row-main')) return;
    const i = rows().indexOf(target as HTMLButtonElement);
    const id = target.closest('li')?.dataset['id'];
    if ((e.key === 'ArrowDown' || e.key === 'ArrowUp') && e.altKey && id) {
      e.preventDefault();
      moveByKey(id, e.key === 'ArrowDown');
    } else if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
      e.preventDefault();
      focusRow(i + (e.key === 'ArrowDown' ? 1 : -1));
    } else if (e.key === 'Home' || e.key === 'End') {
      e.preventDefault();
      focusRow(e.key === 'Home' ? 0 : rows().length - 1);
    } else if (e.key === 'Enter' && e.shiftKey && id) {
      e.preventDefault();
      void app.fill(id);
    }
  };

  // Drag a row (mouse or pen) onto another of its group. The drop marker is set on the
  // rows directly: re-rendering 500 rows per pointer move would stutter.
  const drag = useRef<Drag | null>(null);
  const mark = (target: Drag['target']) => {
    for (const el of list.current?.querySelectorAll('.drop-before, .drop-after') ?? []) el.classList.remove('drop-before', 'drop-after');
    if (target) document.getElementById(rowId(target.id))?.closest('li')?.classList.add(target.after ? 'drop-after' : 'drop-before');
  };
  const onPointerDown = (e: PointerEvent) => {
    const li = (e.target as HTMLElement).closest<HTMLElement>('li[data-id]');
    if (e.button !== 0 || e.pointerType === 'touch' || !li || (e.target as HTMLElement).closest('.row-details')) return;
    drag.current = { id: li.dataset['id']!, pointerId: e.pointerId, startY: e.clientY, active: false, target: null };
  };
  const onPointerMove = (e: PointerEvent) => {
    const d = drag.current;
    if (!d || d.pointerId !== e.pointerId) return;
    if (!d.active) {
      if (Math.abs(e.clientY - d.startY) < DRAG_PX) return;
      d.active = true;
      list.current!.setPointerCapture(e.pointerId);
      document.getElementById(rowId(d.id))?.closest('li')?.classList.add('dragging');
    }
    const over = document.elementFromPoint(e.clientX, e.clientY)?.closest<HTMLElement>('li[data-id]');
    const me = app.accounts.find((a) => a.id === d.id);
    const other = over && app.accounts.find((a) => a.id === over.dataset['id']);
    const r = over?.getBoundingClientRect();
    d.target = me && other && r && other.id !== me.id && rankOf(other, origin) === rankOf(me, origin) ? { id: other.id, after: e.clientY > r.top + r.height / 2 } : null;
    mark(d.target);
    // Near the top or bottom edge, scroll the list along.
    const main = list.current!.closest('main')!;
    const box = main.getBoundingClientRect();
    if (e.clientY < box.top + 60) main.scrollBy(0, -12);
    else if (e.clientY > box.bottom - 30) main.scrollBy(0, 12);
  };
  const endDrag = (e: PointerEvent) => {
    const d = drag.current;
    if (!d || d.pointerId !== e.pointerId) return;
    drag.current = null;
    if (!d.active) return;
    document.getElementById(rowId(d.id))?.closest('li')?.classList.remove('dragging');
    mark(null);
    // The press ended a drag: the click that follows must not copy a code.
    const swallow = (c: Event) => {
      c.stopPropagation();
      c.preventDefault();
    };
    addEventListener('click', swallow, { capture: true, once: true });
    setTimeout(() => removeEventListener('click', swallow, { capture: true }), 0);
    if (e.type === 'pointerup' && d.target) void reorder(d.id, moveBeside(app.accounts.map((a) => a.id), d.id, d.target.id, d.target.after));
  };

  const empty = app.accounts.length === 0;

  return (
    <main class="screen accounts">
      <header class="bar-top">
        <input
          ref={search}
          type="search"
          class="search"
          placeholder={t('searchPlaceholder')}
          aria-label={t('searchLabel')}
          aria-controls={empty ? undefined : 'account-list'}
          value={query}
          onInput={(e) => setQuery(e.currentTarget.value)}
          onKeyDown={onSearchKey}
          disabled={empty}
          data-autofocus
        />
        <IconButton id="go-scan" icon="scan" label={t('scanTab')} tip="end" onClick={() => app.go({ name: 'scan' })} />
        <IconButton id="go-add" icon="plus" label={t('addAccount')} tip="end" onClick={() => app.go({ name: 'add' })} />
        <IconButton id="go-settings" icon="gear" label={t('settings')} tip="end" onClick={() => app.go({ name: 'settings' })} />
        <IconButton id="lock-now" icon="lock" label={t('lock')} tip="end" onClick={() => app.lock()} />
      </header>
      <SkewBanner />

      {empty ? (
        <section class="empty" aria-labelledby="empty-title">
          <h1 id="empty-title">{t('emptyTitle')}</h1>
          <p>{t('emptyText')}</p>
          <div class="stack">
            <button type="button" id="empty-scan" class="primary" onClick={() => app.go({ name: 'scan' })}>
              {t('scanTab')}
            </button>
            <button type="button" id="empty-add" onClick={() => app.go({ name: 'add' })}>
              {t('enterKey')}
            </button>
            <button type="button" id="empty-import" onClick={() => app.go({ name: 'import' })}>
              {t('importBackup')}
            </button>
          </div>
        </section>
      ) : (
        <>
          <SyncBanner />
          <BackupReminder />
          <h1 id="accounts-title" class="sr-only">
            {t('accountsLabel')}
          </h1>
          <ul
            id="account-list"
            class="list"
            ref={list}
            aria-labelledby="accounts-title"
            onKeyDown={onListKey}
            onPointerDown={onPointerDown}
            onPointerMove={onPointerMove}
            onPointerUp={endDrag}
            onPointerCancel={endDrag}
          >
            {shown.slice(0, limit).map((a) => (
              <AccountRow
                key={a.id}
                account={a}
                bound={Boolean(origin) && isBound(a.sites, origin)}
                expanded={expanded === a.id}
                onToggle={toggle}
              />
            ))}
          </ul>
          {!shown.length && <p class="center muted">{t('noMatch', query.trim())}</p>}
          <p class="hint muted">{t('keyHint')}</p>
        </>
      )}
    </main>
  );
}
