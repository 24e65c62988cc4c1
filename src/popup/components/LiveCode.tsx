/** Codes that follow the shared ticker: each re-renders only when its own time step changes. */
import { useMemo, useReducer, useEffect } from 'preact/hooks';
import type { Account, AccountDraft } from '../../core/account';
import { codeFor } from '../../core/otp';
import { t } from '../i18n';
import { type Phase, ticker } from '../ticker';
import { CodeText } from './CodeText';
import { Countdown } from './Countdown';

type CodeSource = Pick<AccountDraft, 'type' | 'secret' | 'algorithm' | 'digits' | 'period' | 'counter'>;

export function periodOf(a: Pick<AccountDraft, 'type' | 'period'>): number {
  return a.type === 'steam' ? 30 : a.period;
}

export function usePhase(period: number): Phase {
  const [, rerender] = useReducer((n: number) => n + 1, 0);
  useEffect(() => ticker.subscribe(period, () => rerender(1)), [period]);
  return ticker.phase(period);
}

/** A code for display; a draft that cannot produce one shows dashes rather than throwing mid-render. */
export function safeCode(a: CodeSource, stepOffset = 0): string {
  try {
    return codeFor(a, ticker.now(), stepOffset);
  } catch {
    return '–'.repeat(a.type === 'steam' ? 5 : Math.min(Math.max(a.digits, 6), 10) || 6);
  }
}

/** Current code, the next one in the last seconds of a step, and the countdown. TOTP and Steam only. */
export function LiveCode({ account }: { account: CodeSource }) {
  const period = periodOf(account);
  const phase = usePhase(period);
  const code = useMemo(() => safeCode(account), [account, phase.step]);
  const next = useMemo(() => (phase.showNext ? safeCode(account, 1) : ''), [account, phase.step, phase.showNext]);
  return (
    <span class={phase.showNext ? 'live ending' : 'live'}>
      <CodeText code={code} />
      {next && (
        <span class="next">
          <span class="sr-only">{t('nextCode')} </span>
          <CodeText code={next} class="code next-code" />
        </span>
      )}
      {/* Keyed by step so the CSS animation re-syncs after sleep or an offset change. */}
      <Countdown key={phase.step} period={period} now={ticker.now()} />
    </span>
  );
}

/** AWS-style enrollment: two consecutive codes, labelled as the site asks for them. */
export function TwoCodes({ account }: { account: Account }) {
  const phase = usePhase(periodOf(account));
  const [first, second] = useMemo(() => [safeCode(account), safeCode(account, 1)], [account, phase.step]);
  return (
    <dl class="two-codes">
      <div>
        <dt>{t('mfaCode1')}</dt>
        <dd>
          <CodeText code={first} />
        </dd>
      </div>
      <div>
        <dt>{t('mfaCode2')}</dt>
        <dd>
          <CodeText code={second} />
        </dd>
      </div>
    </dl>
  );
}
