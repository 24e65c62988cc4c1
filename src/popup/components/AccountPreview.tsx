import type { Account } from '../../core/account';
import { codeFor } from '../../core/otp';
import { t } from '../i18n';
import { CodeText } from './CodeText';
import { LiveCode } from './LiveCode';

/** What a scanned or imported account will be, before it is saved. */
export function AccountPreview({ account }: { account: Account }) {
  const kind = account.type === 'hotp' ? t('typeHotp') : account.type === 'steam' ? t('typeSteam') : t('typeTotp');
  return (
    <div class="preview-card">
      <span class="row-name">
        <span class="issuer">{account.issuer || account.label || t('unnamed')}</span>
        {account.issuer && account.label && <span class="label">{account.label}</span>}
      </span>
      <span class="muted small">
        {account.type === 'hotp'
          ? t('detailsHotp', kind, account.digits, account.counter)
          : t('detailsTotp', kind, account.digits, account.type === 'steam' ? 30 : account.period)}
      </span>
      {account.type === 'hotp' ? <CodeText code={codeFor(account, 0)} /> : <LiveCode account={account} />}
      <span class="muted small">{account.sites.length ? t('boundTo', account.sites.join(', ')) : t('sitesNone')}</span>
    </div>
  );
}
