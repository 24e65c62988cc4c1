/** The main screen: live codes, search-as-you-type, keyboard copy and fill. */
import { useCallback, useEffect, useLayoutEffect, useMemo, useRef, useState } from 'preact/hooks';
import { accountMatchesHost } from '../../core/sites';
import { useApp } from '../app-context';
import { AccountRow } from '../components/AccountRow';
import { Icon } from '../components/Icon';
import { filterAccounts, orderAccounts } from '../filter';
import { SkewBanner } from '../components/SkewBanner';
import { t } from '../i18n';

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
 * The popup shows about ten rows: the first frame renders a screenful and the rest
 * follows in chunks, so 500 accounts appear as fast as 20 and typing stays responsive.
 */
const FIRST_ROWS = 24;
const MORE_ROWS = 100;

const isTextField = (el: EventTarget | null) => el instanceof HTMLElement && el.matches('input, textarea, select, [contenteditable]');

export function AccountsScreen() {
  const app = useApp();
  const [query, setQuery] = useState('');
  const [expanded, setExpanded] = useState<string | null>(null);
  const search = useRef<HTMLInputElement>(null);
  const list = useRef<HTMLUListElement>(null);
  const host = app.tab.host;

  const ordered = useMemo(() => orderAccounts(app.accounts, host), [app.accounts, host]);
  const shown = useMemo(() => filterAccounts(ordered, query), [ordered, query]);
  const [limit, setLimit] = useState(FIRST_ROWS);
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
  // search box before the character is inserted, so it lands there.
  useEffect(() => {
    search.current?.focus();
    const onKey = (e: KeyboardEvent) => {
      if (e.ctrlKey || e.metaKey || e.altKey || isTextField(e.target)) return;
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
    if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
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
          aria-controls="account-list"
          value={query}
          onInput={(e) => setQuery(e.currentTarget.value)}
          onKeyDown={onSearchKey}
          disabled={empty}
        />
        <button type="button" class="icon" onClick={() => app.go({ name: 'scan' })} aria-label={t('scanTab')} title={t('scanTab')}>
          <Icon name="scan" />
        </button>
        <button type="button" class="icon" onClick={() => app.go({ name: 'add' })} aria-label={t('addAccount')} title={t('addAccount')}>
          <Icon name="plus" />
        </button>
        <button type="button" class="icon" onClick={() => app.go({ name: 'settings' })} aria-label={t('settings')} title={t('settings')}>
          <Icon name="gear" />
        </button>
        <button type="button" class="icon" onClick={() => app.lock()} aria-label={t('lock')} title={t('lock')}>
          <Icon name="lock" />
        </button>
      </header>
      <SkewBanner />

      {empty ? (
        <section class="empty" aria-labelledby="empty-title">
          <h1 id="empty-title">{t('emptyTitle')}</h1>
          <p>{t('emptyText')}</p>
          <div class="stack">
            <button type="button" class="primary" onClick={() => app.go({ name: 'scan' })}>
              {t('scanTab')}
            </button>
            <button type="button" onClick={() => app.go({ name: 'add' })}>
              {t('enterKey')}
            </button>
            <button type="button" onClick={() => app.go({ name: 'import' })}>
              {t('importBackup')}
            </button>
          </div>
        </section>
      ) : (
        <>
          <ul id="account-list" class="list" ref={list} aria-label={t('accountsLabel')} onKeyDown={onListKey}>
            {shown.slice(0, limit).map((a) => (
              <AccountRow
                key={a.id}
                account={a}
                bound={Boolean(host) && accountMatchesHost(a.sites, host)}
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
