/** The two answers of `fillTab` that need the user: an unbound site, and a code already used. */
import type { RefObject } from 'preact';
import { useEffect, useRef, useState } from 'preact/hooks';
import { t } from '../i18n';

export type PendingFill =
  | { kind: 'unbound'; accountId: string; both: boolean; allowUnbound: true; accountHost: string; tabHost: string }
  | { kind: 'wait'; accountId: string; both: boolean; allowUnbound: boolean; until: number };

interface Props {
  pending: PendingFill;
  onConfirm(p: PendingFill): void;
  onCancel(): void;
}

export function FillPrompt({ pending, onConfirm, onCancel }: Props) {
  const first = useRef<HTMLButtonElement>(null);
  useEffect(() => first.current?.focus(), [pending]);
  return (
    <div class="prompt" role="alertdialog" aria-labelledby="fill-prompt-title" aria-describedby="fill-prompt-text">
      {pending.kind === 'unbound' ? (
        <>
          <h2 id="fill-prompt-title" class="warn-title">
            {t('unboundTitle')}
          </h2>
          <p id="fill-prompt-text">
            {pending.accountHost
              ? t('unboundText', pending.accountHost, pending.tabHost || t('thisPage'))
              : t('unboundNoSites', pending.tabHost || t('thisPage'))}
          </p>
          <div class="actions">
            <button type="button" ref={first} onClick={onCancel}>
              {t('cancel')}
            </button>
            <button type="button" class="danger" onClick={() => onConfirm(pending)}>
              {t('fillAnyway')}
            </button>
          </div>
        </>
      ) : (
        <WaitNotice pending={pending} onDone={() => onConfirm(pending)} onCancel={onCancel} cancelRef={first} />
      )}
    </div>
  );
}

function WaitNotice(props: {
  pending: Extract<PendingFill, { kind: 'wait' }>;
  onDone(): void;
  onCancel(): void;
  cancelRef: RefObject<HTMLButtonElement | null>;
}) {
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
      <h2 id="fill-prompt-title">{t('waitTitle')}</h2>
      <p id="fill-prompt-text">{t('waitText', seconds)}</p>
      <div class="actions">
        <button type="button" ref={props.cancelRef} onClick={props.onCancel}>
          {t('cancel')}
        </button>
      </div>
    </>
  );
}
