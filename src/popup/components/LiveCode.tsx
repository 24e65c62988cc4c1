/** Codes that follow the shared ticker: each re-renders only when its own time step changes. */
import { useEffect, useMemo, useReducer, useRef } from 'preact/hooks';
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
  const phase = ticker.phase(period);
  const shown = useRef(phase);
  shown.current = phase;
  useEffect(() => {
    const stop = ticker.subscribe(period, () => rerender(1));
    // A step (or the next-code window) that began between render and subscribing would
    // otherwise go unseen until the next one: the row would show a stale phase for 30 s.
    const now = ticker.phase(period);
    if (now.step !== shown.current.step || now.showNext !== shown.current.showNext) rerender(1);
    return stop;
  }, [period]);
  return phase;
}

/** A code for display; a draft that cannot produce one shows dashes rather than throwing mid-render. */
export function safeCode(a: CodeSource, stepOffset = 0): string {
  try {
    return codeFor(a, ticker.now(), stepOffset);
  } catch {
    return '–'.repeat(a.type === 'steam' ? 5 : Math.min(Math.max(a.digits, 6), 10) || 6);
  }
}

/** "Copied ✓" in place of the code that was copied, for a moment. */
export function CopiedMark() {
  return (
    <span class="copied" aria-hidden="true">
      {t('copiedMark')}
    </span>
  );
}

/**
 * The current code with its countdown beside it, and below it a line reserved for the
 * next code, filled (and labelled) in the last seconds of a step: the row keeps its
 * height all the time. `copied` marks the code just copied.
 */
export function LiveCode({ account, copied = null }: { account: CodeSource; copied?: 'current' | 'next' | null }) {
  const period = periodOf(account);
  const phase = usePhase(period);
  const code = useMemo(() => safeCode(account), [account, phase.step]);
  const next = useMemo(() => (phase.showNext ? safeCode(account, 1) : ''), [account, phase.step, phase.showNext]);
  return (
    <span class={phase.showNext ? 'live ending' : 'live'}>
      <span class={copied === 'current' ? 'code-slot is-copied' : 'code-slot'}>
        <CodeText code={code} />
        {copied === 'current' && <CopiedMark />}
      </span>
      <span class={copied === 'next' ? 'next is-copied' : 'next'}>
        {next && (
          <>
            <span class="next-label">{t('nextLabel')}</span>
            <CodeText code={next} />
          </>
        )}
        {copied === 'next' && <CopiedMark />}
      </span>
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
