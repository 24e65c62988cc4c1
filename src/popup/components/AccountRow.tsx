/** One account in the list: click or Enter copies; Fill when bound to this tab; more actions on demand. */
import { useEffect, useRef, useState } from 'preact/hooks';
import type { Account } from '../../core/account';
import { request } from '../../shared/client';
import { useApp } from '../app-context';
import { errorText, t, tp } from '../i18n';
import { secondsLeft, ticker } from '../ticker';
import { Avatar } from './Avatar';
import { Icon } from './Icon';
import { IconButton } from './IconButton';
import { CopiedMark, LiveCode, periodOf, TwoCodes } from './LiveCode';
import { pure } from './pure';

interface Props {
  account: Account;
  bound: boolean;
  expanded: boolean;
  onToggle(id: string): void;
}

export const rowId = (id: string) => `acct-${id}`;

/** "Copied ✓" stays over the code this long. */
const COPIED_MS = 1200;

export const AccountRow = pure(function AccountRow({ account, bound, expanded, onToggle }: Props) {
  const app = useApp();
  const [copied, setCopied] = useState<'current' | 'next' | null>(null);
  const left = useRef<HTMLSpanElement>(null);
  useEffect(() => {
    if (!copied) return;
    const timer = setTimeout(() => setCopied(null), COPIED_MS);
    return () => clearTimeout(timer);
  }, [copied]);
  const name = account.issuer || account.label || t('unnamed');
  const label = account.issuer ? account.label : '';
  const id = rowId(account.id);
  const hotp = account.type === 'hotp';

  const copy = async () => {
    setCopied(await app.copy(account));
  };
  // Read on focus, after the name: how long the code shown still lasts. Written only
  // now, so the list does not rewrite 500 descriptions every second.
  const describeTimeLeft = () => {
    if (!hotp && left.current) left.current.textContent = tp('secondsLeft', secondsLeft(ticker.now(), periodOf(account)));
  };

  return (
    <li class={bound ? 'row bound' : 'row'} data-id={account.id}>
      <div class="row-line">
        <button
          type="button"
          class="row-main"
          id={id}
          onClick={copy}
          onFocus={describeTimeLeft}
          aria-describedby={hotp ? undefined : `${id}-left`}
        >
          <Avatar name={name} />
          <span class="row-name">
            <span class="issuer-line">
              <span class="issuer" dir="auto">
                {name}
              </span>
              {account.pinned && (
                <span class="pin">
                  <Icon name="pin" size={14} />
                  <span class="sr-only">{t('pinnedMark')}</span>
                </span>
              )}
            </span>
            {label && (
              <span class="label" dir="auto">
                {label}
              </span>
            )}
          </span>
          {hotp ? (
            <span class="live">
              <span class={copied ? 'code-slot is-copied' : 'code-slot'}>
                <span class="code muted" aria-hidden="true">
                  {t('hotpHidden')}
                </span>
                <span class="sr-only">{t('hotpHiddenSr')}</span>
                {copied && <CopiedMark />}
              </span>
            </span>
          ) : (
            <LiveCode account={account} copied={copied} />
          )}
        </button>
        {bound && (
          <button type="button" class="fill" onClick={() => app.fill(account.id)} aria-label={t('fillNamed', name)}>
            {t('fill')}
          </button>
        )}
        <IconButton
          icon="more"
          label={t('moreFor', name)}
          tipText={t('more')}
          tip="side"
          aria-expanded={expanded}
          aria-controls={expanded ? `${id}-more` : undefined}
          onClick={() => onToggle(account.id)}
        />
      </div>
      {!hotp && <span id={`${id}-left`} class="sr-only" ref={left} />}
      {expanded && <RowDetails account={account} name={name} />}
    </li>
  );
});

function RowDetails({ account, name }: { account: Account; name: string }) {
  const app = useApp();
  const [two, setTwo] = useState(false);
  const [hotpCode, setHotpCode] = useState('');
  return (
    <div class="row-details" id={`${rowId(account.id)}-more`}>
      {account.type === 'hotp' && (
        <p>
          <button
            type="button"
            onClick={async () => {
              // The background advances the counter and returns the code it used.
              try {
                setHotpCode((await request({ type: 'advanceHotp', id: account.id })).code);
                void app.reload();
              } catch (e) {
                app.announce(errorText(e));
              }
            }}
          >
            {t('hotpNext')}
          </button>{' '}
          {hotpCode && <output class="code">{hotpCode}</output>}
        </p>
      )}
      {account.type !== 'hotp' && (
        <button type="button" aria-pressed={two} onClick={() => setTwo(!two)}>
          {t('showTwoCodes')}
        </button>
      )}
      {two && account.type !== 'hotp' && (
        <>
          <TwoCodes account={account} />
          <button type="button" onClick={() => app.fill(account.id, true)}>
            {t('fillBoth')}
          </button>
        </>
      )}
      <div class="actions">
        <button type="button" onClick={() => app.fill(account.id)}>
          {t('fillOnPage')}
        </button>
        <button type="button" onClick={() => app.go({ name: 'edit', id: account.id })} aria-label={t('editNamed', name)}>
          {t('edit')}
        </button>
      </div>
    </div>
  );
}
