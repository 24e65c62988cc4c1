/** Import another authenticator's backup (or Otto's own): read here, preview, save in one vault write. */
import { useEffect, useRef, useState } from 'preact/hooks';
import { newAccount, toWire } from '../../core/account';
import { isOttoError } from '../../core/errors';
import type { ImportResult, Skipped } from '../../core/import/result';
import { defaultSitesFor } from '../../core/sites';
import { request } from '../../shared/client';
import { useApp } from '../app-context';
import { AccountPreview } from '../components/AccountPreview';
import { Header } from '../components/Header';
import { errorText, formatText, skippedText, t } from '../i18n';
import { type ImportRun, readInWorker } from '../import-client';
import { isImage, otpLines } from '../image-fit';
import { readQrImage } from '../image-qr';
import { type Candidate, candidateFor } from '../merge';

interface Source {
  name: string;
  bytes: Uint8Array;
}

type State =
  | { step: 'pick'; error?: string }
  | { step: 'password'; source: Source; format: string; error?: string }
  | { step: 'preview'; format: string; items: Array<Candidate & { include: boolean }>; skipped: Skipped[] };

/**
 * An Otto backup of the first release may bind a public-suffix wildcard (`*.github.io`),
 * which the background refuses: it is left out, as when the vault itself is opened
 * (site-policy.ts, loaded only here; the import worker reads sites without the list).
 */
async function restorable(r: ImportResult): Promise<ImportResult> {
  if (!r.restored) return r;
  const { allowedSites } = await import('../../core/site-policy');
  return { ...r, restored: r.restored.map((a) => ({ ...a, sites: allowedSites(a.sites) })) };
}

/** `text`: pasted data to read at once (a Google Authenticator export link pasted into Add). */
export function ImportScreen({ text = '' }: { text?: string | undefined }) {
  const app = useApp();
  const [state, setState] = useState<State>({ step: 'pick' });
  const [pasted, setPasted] = useState(text);
  const [password, setPassword] = useState('');
  const [busy, setBusy] = useState(false);
  const running = useRef<ImportRun | null>(null);
  // Leaving the screen (or Lock) ends a read still running.
  useEffect(() => () => running.current?.cancel(), []);

  const toItems = (r: ImportResult) => {
    const now = Date.now();
    const incoming = r.restored ?? r.accounts.map((d) => newAccount({ ...d, sites: defaultSitesFor(d.issuer) }, now));
    return incoming.map((a) => {
      const c = candidateFor(a, app.accounts, Boolean(r.restored));
      // Duplicates are opt-in: an import should not silently overwrite what the user has.
      return { ...c, include: !c.existing };
    });
  };

  const read = async (source: Source, pass?: string) => {
    setBusy(true);
    // In a worker: the importers (and their KDFs) never block this page, and load only when used.
    const run = readInWorker({ source, password: pass });
    running.current = run;
    try {
      const r = await restorable(await run.result);
      setPassword('');
      setState({ step: 'preview', format: formatText(r.format), items: toItems(r), skipped: r.skipped });
    } catch (e) {
      if (e instanceof DOMException && e.name === 'AbortError') return;
      if (isOttoError(e, 'passwordRequired')) setState({ step: 'password', source, format: String(e.params.app) });
      else if (isOttoError(e, 'wrongPassword') && state.step === 'password') setState({ ...state, source, error: errorText(e) });
      else setState({ step: 'pick', error: errorText(e) });
    } finally {
      if (running.current === run) running.current = null;
      setBusy(false);
    }
  };

  const cancelRead = () => {
    running.current?.cancel();
    setState({ step: 'pick' });
  };

  useEffect(() => {
    if (text) void read({ name: 'pasted.txt', bytes: new TextEncoder().encode(text) });
  }, []);

  /** A screenshot of an enrollment or export QR code: its otpauth links are read like a pasted list. */
  const readImage = async (source: Source) => {
    setBusy(true);
    const r = await readQrImage(source.bytes);
    setBusy(false);
    if ('error' in r) return setState({ step: 'pick', error: t(r.error === 'timeout' ? 'imageTooSlow' : 'imageUnreadable') });
    const { lines, other } = otpLines(r.texts);
    if (!lines.length) {
      return setState({ step: 'pick', error: other.length ? t('imageNotOtp', other[0]!.slice(0, 80)) : t('imageNoQr') });
    }
    await read({ name: source.name, bytes: new TextEncoder().encode(lines.join('\n')) });
  };

  const onFile = async (e: Event) => {
    const file = (e.currentTarget as HTMLInputElement).files?.[0];
    if (!file) return;
    const source = { name: file.name, bytes: new Uint8Array(await file.arrayBuffer()) };
    await (isImage(source.bytes) ? readImage(source) : read(source));
  };

  const save = async () => {
    if (state.step !== 'preview') return;
    const chosen = state.items.filter((i) => i.include).map((i) => i.account);
    setBusy(true);
    try {
      await request({ type: 'saveAccounts', accounts: chosen.map(toWire) });
      await app.reload();
      app.go({ name: 'list' });
      app.announce(t('importedCount', chosen.length));
    } catch (e) {
      app.announce(errorText(e));
      setBusy(false);
    }
  };

  return (
    <main class="screen">
      <Header title={t('importTitle')} />
      {state.step === 'pick' && (
        <div class="form">
          <p class="muted small">{t('importHelp')}</p>
          <label>
            {t('importFile')}
            <input type="file" onChange={onFile} disabled={busy} aria-describedby="import-file-help" data-autofocus />
          </label>
          <p id="import-file-help" class="muted small">
            {t('importFileHelp')}
          </p>
          {busy && (
            <p class="muted small" role="status">
              {t('working')}
            </p>
          )}
          <label>
            {t('importPaste')}
            <textarea rows={4} class="mono" spellcheck={false} value={pasted} onInput={(e) => setPasted(e.currentTarget.value)} />
          </label>
          {state.error && (
            <p class="field-error" role="alert">
              {state.error}
            </p>
          )}
          <div class="actions">
            <button
              type="button"
              class="primary"
              disabled={!pasted.trim() || busy}
              onClick={() => read({ name: 'pasted.txt', bytes: new TextEncoder().encode(pasted) })}
            >
              {t('importRead')}
            </button>
          </div>
        </div>
      )}
      {state.step === 'password' && (
        <form
          class="form"
          onSubmit={(e) => {
            e.preventDefault();
            void read(state.source, password);
          }}
        >
          <p>{t('importNeedsPassword', state.format)}</p>
          <label>
            {t('backupPassword')}
            <input type="password" autoFocus value={password} onInput={(e) => setPassword(e.currentTarget.value)} />
          </label>
          {state.error && (
            <p class="field-error" role="alert">
              {state.error}
            </p>
          )}
          <div class="actions">
            <button type="button" onClick={cancelRead}>
              {t('cancel')}
            </button>
            <button type="submit" class="primary" disabled={!password || busy}>
              {busy ? t('working') : t('importRead')}
            </button>
          </div>
        </form>
      )}
      {state.step === 'preview' && (
        <div class="stack">
          <p>{t('importFound', state.format, state.items.length)}</p>
          <ul class="plain">
            {state.items.map((item, i) => (
              <li key={item.account.id} class="pick">
                <label class="check">
                  <input
                    type="checkbox"
                    checked={item.include}
                    onChange={() =>
                      setState({ ...state, items: state.items.map((x, j) => (j === i ? { ...x, include: !x.include } : x)) })
                    }
                  />
                  {item.existing ? t('duplicateOf', item.existing.issuer || item.existing.label || t('unnamed')) : t('addThis')}
                </label>
                <AccountPreview account={item.account} />
              </li>
            ))}
          </ul>
          {state.skipped.length > 0 && (
            <section aria-labelledby="skipped-title">
              <h2 id="skipped-title">{t('skippedTitle', state.skipped.length)}</h2>
              <ul class="skipped">
                {state.skipped.map((s, i) => (
                  <li key={i}>{skippedText(s)}</li>
                ))}
              </ul>
            </section>
          )}
          <div class="actions">
            <button type="button" onClick={() => setState({ step: 'pick' })}>
              {t('cancel')}
            </button>
            <button type="button" class="primary" disabled={busy || !state.items.some((i) => i.include)} onClick={save}>
              {t('importCount', state.items.filter((i) => i.include).length)}
            </button>
          </div>
        </div>
      )}
    </main>
  );
}
