/** Add an account by hand: a typed key or a pasted otpauth:// link, checked and previewed live. */
import type { TargetedInputEvent } from 'preact';
import { useMemo, useState } from 'preact/hooks';
import { ALGORITHMS, type AccountDraft, type Algorithm, type OtpType, newAccount, toWire } from '../../core/account';
import { encodeBase32 } from '../../core/base32';
import { codeFor } from '../../core/otp';
import { defaultSitesFor } from '../../core/sites';
import { request } from '../../shared/client';
import { useApp } from '../app-context';
import { CodeText } from '../components/CodeText';
import { Header } from '../components/Header';
import { LiveCode } from '../components/LiveCode';
import { SitesField } from '../components/SitesField';
import { type FormFields, draftFromFields, fieldsFromDraft, findDuplicate, readSecretField, siteSuggestions } from '../form';
import { errorText, t } from '../i18n';

/** RFC 4226 asks for at least 128 bits and recommends 160; anything under 80 is almost surely cut short. */
const MIN_USUAL_SECRET_BITS = 80;

const EMPTY: FormFields = { issuer: '', label: '', secret: '', type: 'totp', algorithm: 'SHA1', digits: '6', period: '30', counter: '0', sites: '' };

export function AddScreen({ initial }: { initial?: AccountDraft | undefined }) {
  const app = useApp();
  const [f, setF] = useState<FormFields>(() => (initial ? fieldsFromDraft(initial, encodeBase32(initial.secret)) : EMPTY));
  // Until the user edits the sites, they follow the issuer's well-known sign-in hosts.
  const [sitesTouched, setSitesTouched] = useState(Boolean(initial?.sites.length));
  const [fromUri, setFromUri] = useState(false);
  const [error, setError] = useState('');
  const [linkError, setLinkError] = useState('');
  const [busy, setBusy] = useState(false);

  const fields = sitesTouched ? f : { ...f, sites: defaultSitesFor(f.issuer).join('\n') };
  const set = (patch: Partial<FormFields>) => setF((cur) => ({ ...cur, ...patch }));
  const secretState = readSecretField(f.secret);
  const secretBytes = secretState.kind === 'secret' ? secretState.secret : secretState.kind === 'uri' ? secretState.draft.secret : null;
  // Sites issue 80-bit (16-character) keys or longer: a shorter one was usually copied in part. Still savable.
  const short = secretBytes && secretBytes.length * 8 < MIN_USUAL_SECRET_BITS ? secretBytes.length * 8 : 0;
  const result = useMemo(() => draftFromFields(fields), [fields.issuer, fields.label, fields.secret, fields.type, fields.algorithm, fields.digits, fields.period, fields.counter, fields.sites]);
  const draft = 'draft' in result ? result.draft : null;
  const duplicate = draft ? findDuplicate(draft.secret, app.accounts) : undefined;
  const suggestions = siteSuggestions(app.tab.origin);

  /** A whole otpauth:// link fills every field, and shows its key, never the link (which holds the secret). */
  const applyDraft = (d: AccountDraft) => {
    const sites = [...defaultSitesFor(d.issuer)];
    setF({ ...fieldsFromDraft({ ...d, sites }, encodeBase32(d.secret)) });
    setSitesTouched(sites.length > 0);
    setFromUri(true);
    setLinkError('');
  };

  /**
   * A link pasted (or dropped) into any field is read as a link, not inserted as text:
   * otherwise the issuer field would end up holding the secret. A Google Authenticator
   * export goes to Import, which previews its accounts.
   */
  const takeLink = (text: string): boolean => {
    const link = text.trim();
    if (/^otpauth-migration:\/\//i.test(link)) {
      app.go({ name: 'import', text: link });
      return true;
    }
    if (!/^otpauth:\/\//i.test(link)) return false;
    const read = readSecretField(link);
    if (read.kind === 'uri') applyDraft(read.draft);
    else setLinkError(read.kind === 'error' ? errorText(read.error) : '');
    return true;
  };
  const onPaste = (e: ClipboardEvent) => {
    if (takeLink(e.clipboardData?.getData('text/plain') ?? '')) e.preventDefault();
  };
  /** Text fields other than the key: a dropped link is a link too. */
  const textInput = (field: 'issuer' | 'label') => (e: TargetedInputEvent<HTMLInputElement>) => {
    const value = e.currentTarget.value;
    if (e.inputType === 'insertFromDrop' && takeLink(value)) return;
    set({ [field]: value });
  };

  const onSecret = (text: string) => {
    const read = readSecretField(text);
    if (read.kind === 'uri') applyDraft(read.draft);
    else {
      set({ secret: text });
      setFromUri(false);
    }
  };

  const save = async (e: Event) => {
    e.preventDefault();
    if (!draft) return setError('error' in result ? errorText(result.error) : '');
    setBusy(true);
    try {
      const account = duplicate
        ? { ...duplicate, ...draft, sites: [...new Set([...duplicate.sites, ...draft.sites])], id: duplicate.id, updated: Date.now() }
        : newAccount(draft);
      await request({ type: 'saveAccounts', accounts: [toWire(account)] });
      await app.reload();
      app.go({ name: 'list' });
      app.announce(duplicate ? t('updatedName', account.issuer || account.label || t('unnamed')) : t('savedName', account.issuer || account.label || t('unnamed')));
    } catch (err) {
      setError(errorText(err));
      setBusy(false);
    }
  };

  return (
    <main class="screen">
      <Header title={t('addTitle')} />
      <form class="form" onSubmit={save} onPaste={onPaste} novalidate>
        {linkError && (
          <p class="field-error" role="alert">
            {t('linkUnusable', linkError)}
          </p>
        )}
        <label>
          {t('issuer')}
          <input value={f.issuer} onInput={textInput('issuer')} placeholder={t('issuerPlaceholder')} data-autofocus />
        </label>
        <label>
          {t('accountName')}
          <input value={f.label} onInput={textInput('label')} placeholder={t('accountNamePlaceholder')} />
        </label>
        <div class="field">
          <label for="add-secret">{t('secretKey')}</label>
          <input
            id="add-secret"
            class="mono"
            value={f.secret}
            onInput={(e) => onSecret(e.currentTarget.value)}
            autocomplete="off"
            spellcheck={false}
            aria-invalid={secretState.kind === 'error'}
            aria-describedby={short ? 'add-secret-help add-secret-short' : 'add-secret-help'}
          />
          <p id="add-secret-help" class={secretState.kind === 'error' ? 'field-error' : 'muted small'}>
            {secretState.kind === 'error' ? errorText(secretState.error) : fromUri ? t('secretFromUri') : t('secretHelp')}
          </p>
          {short && (
            <p id="add-secret-short" class="field-warn" role="status">
              {t('secretShort', short)}
            </p>
          )}
        </div>

        <details class="advanced">
          <summary>{t('advanced')}</summary>
          <label>
            {t('otpType')}
            <select
              value={f.type}
              onChange={(e) => {
                const type = e.currentTarget.value as OtpType;
                set({ type, digits: type === 'steam' ? '5' : f.digits === '5' ? '6' : f.digits });
              }}
            >
              <option value="totp">{t('typeTotp')}</option>
              <option value="hotp">{t('typeHotp')}</option>
              <option value="steam">{t('typeSteam')}</option>
            </select>
          </label>
          {f.type !== 'steam' && (
            <div class="grid3">
              <label>
                {t('algorithm')}
                <select value={f.algorithm} onChange={(e) => set({ algorithm: e.currentTarget.value as Algorithm })}>
                  {ALGORITHMS.map((a) => (
                    <option key={a} value={a}>
                      {a}
                    </option>
                  ))}
                </select>
              </label>
              <label>
                {t('digits')}
                <input inputMode="numeric" value={f.digits} onInput={(e) => set({ digits: e.currentTarget.value })} />
              </label>
              {f.type === 'totp' ? (
                <label>
                  {t('periodSeconds')}
                  <input inputMode="numeric" value={f.period} onInput={(e) => set({ period: e.currentTarget.value })} />
                </label>
              ) : (
                <label>
                  {t('counter')}
                  <input inputMode="numeric" value={f.counter} onInput={(e) => set({ counter: e.currentTarget.value })} />
                </label>
              )}
            </div>
          )}
        </details>

        <SitesField
          id="add-sites"
          value={fields.sites}
          suggestions={suggestions}
          onInput={(v) => {
            setSitesTouched(true);
            set({ sites: v });
          }}
        />

        <div class="preview" aria-live="polite">
          {draft ? (
            <>
              <span class="muted small">{t('preview')}</span>
              {draft.type === 'hotp' ? <CodeText code={codeFor(draft, 0)} /> : <LiveCode account={draft} />}
            </>
          ) : (
            f.secret.trim() && secretState.kind !== 'error' && 'error' in result && <span class="field-error">{errorText(result.error)}</span>
          )}
        </div>

        {duplicate && <p class="banner">{t('duplicateUpdate', duplicate.issuer || duplicate.label || t('unnamed'))}</p>}
        {error && (
          <p class="field-error" role="alert">
            {error}
          </p>
        )}
        <div class="actions">
          <button type="button" onClick={() => app.go({ name: 'list' })}>
            {t('cancel')}
          </button>
          <button type="submit" class="primary" disabled={!draft || busy}>
            {duplicate ? t('updateExisting') : t('save')}
          </button>
        </div>
      </form>
    </main>
  );
}
