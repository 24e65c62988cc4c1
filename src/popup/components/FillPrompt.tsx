/**
 * The two answers of `fillTab` that need the user, as a modal dialog: the page is not
 * plainly bound (another site, plain http, a frame of another site: the background says
 * which, from the browser's records), or the code was just used and Otto waits for the next.
 */
import { useEffect, useState } from 'preact/hooks';
import type { FillAsk, FillConsent } from '../../shared/messages';
import { t } from '../i18n';
import { Dialog } from './Dialog';

export type PendingFill =
  | { kind: 'ask'; accountId: string; both: boolean; ask: FillAsk }
  | { kind: 'wait'; accountId: string; both: boolean; consent: FillConsent | undefined; until: number };

/** What the next fillTab request carries: the user's yes to exactly the page and framing site shown. */
export function consentOf(p: PendingFill): FillConsent | undefined {
  return p.kind === 'ask' ? { pageOrigin: p.ask.pageOrigin, topOrigin: p.ask.topOrigin } : p.consent;
}

interface Props {
  pending: PendingFill;
  onConfirm(p: PendingFill): void;
  onCancel(): void;
}

/** `https://bank.example:8443` → `bank.example:8443`, `http://x` → `http://x` (plain http is worth seeing). */
function shown(origin: string | null): string {
  if (!origin) return t('unknownSite');
  return origin.startsWith('https://') ? origin.slice('https://'.length) : origin;
}

export function FillPrompt({ pending, onConfirm, onCancel }: Props) {
  if (pending.kind === 'wait') {
    return (
      <Dialog key="wait" title={t('waitTitle')} describedBy="fill-wait-text" onCancel={onCancel}>
        <WaitNotice pending={pending} onDone={() => onConfirm(pending)} onCancel={onCancel} />
      </Dialog>
    );
  }
  const { ask } = pending;
  const page = shown(ask.pageOrigin);
  // The most serious reason names the dialog; every reason gets its sentence.
  const title = ask.framed ? t('askFramedTitle') : ask.insecure ? t('askInsecureTitle') : t('unboundTitle');
  return (
    <Dialog key="ask" title={title} alert warn describedBy="fill-ask-text" onCancel={onCancel}>
      <div id="fill-ask-text">
        {ask.framed && <p>{ask.framedBy ? t('askFramedText', page, shown(ask.framedBy)) : t('askFramedUnknownText', page)}</p>}
        {ask.insecure && <p>{t('askInsecureText', page)}</p>}
        {ask.unbound && <p>{ask.unbound.site ? t('unboundText', shown(ask.unbound.site), page) : t('unboundNoSites', page)}</p>}
      </div>
      <div class="actions">
        <button type="button" data-initial-focus onClick={onCancel}>
          {t('cancel')}
        </button>
        <button type="button" class="danger" onClick={() => onConfirm(pending)}>
          {t('fillAnyway')}
        </button>
      </div>
    </Dialog>
  );
}

function WaitNotice(props: { pending: Extract<PendingFill, { kind: 'wait' }>; onDone(): void; onCancel(): void }) {
  const { pending, onDone } = props;
  const left = () => Math.max(0, Math.ceil((pending.until - Date.now()) / 1000));
  const [seconds, setSeconds] = useState(left);
  useEffect(() => {
    const timer = setInterval(() => setSeconds(left()), 250);
    const retry = setTimeout(onDone, Math.max(0, pending.until - Date.now()) + 200);
    return () => {
      clearInterval(timer);
      clearTimeout(retry);
    };
    // Retry once per wait; a new wait arrives as a new `pending`.
  }, [pending]);
  return (
    <>
      <p id="fill-wait-text">{t('waitText', seconds)}</p>
      <div class="actions">
        <button type="button" data-initial-focus onClick={props.onCancel}>
          {t('cancel')}
        </button>
      </div>
    </>
  );
}
