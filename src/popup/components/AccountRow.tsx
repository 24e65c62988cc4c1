/** One account in the list: click or Enter copies; Fill when bound to this tab; more actions on demand. */
import { useState } from 'preact/hooks';
import type { Account } from '../../core/account';
import { request } from '../../shared/client';
import { useApp } from '../app-context';
import { errorText, t } from '../i18n';
import { LiveCode, TwoCodes } from './LiveCode';
import { pure } from './pure';

interface Props {
  account: Account;
  bound: boolean;
  expanded: boolean;
  onToggle(id: string): void;
}

export const rowId = (id: string) => `acct-${id}`;

export const AccountRow = pure(function AccountRow({ account, bound, expanded, onToggle }: Props) {
  const app = useApp();
  const name = account.issuer || account.label || t('unnamed');
  const label = account.issuer ? account.label : '';
  return (
    <li class={bound ? 'row bound' : 'row'} data-id={account.id}>
      <div class="row-line">
        <button type="button" class="row-main" id={rowId(account.id)} onClick={() => app.copy(account)} title={t('copyHint')}>
          <span class="row-name">
            <span class="issuer">{name}</span>
            {label && <span class="label">{label}</span>}
          </span>
          {account.type === 'hotp' ? <span class="code muted">{t('hotpHidden')}</span> : <LiveCode account={account} />}
        </button>
        {bound && (
          <button type="button" class="fill" onClick={() => app.fill(account.id)} aria-label={t('fillNamed', name)}>
            {t('fill')}
          </button>
        )}
        <button
          type="button"
          class="icon more"
          aria-expanded={expanded}
          aria-controls={`${rowId(account.id)}-more`}
          aria-label={t('moreFor', name)}
          title={t('more')}
          onClick={() => onToggle(account.id)}
        >
          ⋯
        </button>
      </div>
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
