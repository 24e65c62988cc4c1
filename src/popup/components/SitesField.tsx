/**
 * The site binding list: one site per line or comma-separated, checked as it is typed,
 * each line shown with what it means (https unless written otherwise, the port, what a
 * wildcard covers), and one-click suggestions (the tab's own origin).
 */
import { useEffect, useState } from 'preact/hooks';
import type { OttoError } from '../../core/errors';
import { describeSite } from '../../core/sites';
import { parseSites } from '../form';
import { errorText, t } from '../i18n';

type Policy = typeof import('../../core/site-policy');
let policyLoad: Promise<Policy> | undefined;

/**
 * The public-suffix check, loaded only where sites are edited: the list is large and the
 * popup's first screen does not need it. The background checks every save with the same
 * code, so this is only for saying it early.
 */
function usePolicy(): Policy | null {
  const [policy, setPolicy] = useState<Policy | null>(null);
  useEffect(() => {
    let live = true;
    policyLoad ??= import('../../core/site-policy');
    policyLoad.then((p) => live && setPolicy(p), () => undefined);
    return () => {
      live = false;
    };
  }, []);
  return policy;
}

function meaning(site: string): string {
  const d = describeSite(site);
  if (!d) return '';
  const parts = [d.secure ? t('siteSecure') : t('siteInsecure')];
  if (d.port !== (d.secure ? 443 : 80)) parts.push(t('sitePortOther', d.port));
  if (d.wildcard) parts.push(t('siteWildcardMeaning', d.host));
  return parts.join(' · ');
}

export function SitesField(props: { value: string; onInput(v: string): void; suggestions: string[]; id: string }) {
  const parsed = parseSites(props.value);
  const policy = usePolicy();
  const refused: OttoError[] = [];
  if (policy) {
    for (const site of parsed.sites) {
      try {
        policy.checkSite(site);
      } catch (e) {
        refused.push(e as OttoError);
      }
    }
  }
  const errors = [...parsed.errors, ...refused];
  const sites = parsed.sites;
  const missing = props.suggestions.filter((s) => !sites.includes(s));
  const add = (site: string) => props.onInput([...sites, site].join('\n'));
  const helpId = `${props.id}-help`;
  const meaningId = `${props.id}-meaning`;
  return (
    <div class="field">
      <label for={props.id}>{t('sites')}</label>
      <textarea
        id={props.id}
        // Tall enough for every bound site (AWS has three by default), up to six lines.
        rows={Math.min(6, Math.max(2, props.value.split('\n').length))}
        value={props.value}
        spellcheck={false}
        autocapitalize="off"
        onInput={(e) => props.onInput(e.currentTarget.value)}
        aria-invalid={errors.length > 0}
        aria-describedby={sites.length ? `${helpId} ${meaningId}` : helpId}
      />
      <p id={helpId} class={errors.length ? 'field-error' : 'muted small'}>
        {errors.length ? errorText(errors[0]) : sites.length ? t('sitesHelp') : t('sitesNone')}
      </p>
      {sites.length > 0 && (
        <ul id={meaningId} class="site-meanings muted small" aria-label={t('sitesMeaning')}>
          {sites.map((s) => (
            <li key={s}>
              <bdi class="site">{s}</bdi>: {meaning(s)}
            </li>
          ))}
        </ul>
      )}
      {missing.length > 0 && (
        <p class="chips">
          {missing.map((s) => (
            <button type="button" class="chip" key={s} onClick={() => add(s)} aria-label={t('addSite', s)}>
              + {s}
            </button>
          ))}
        </p>
      )}
    </div>
  );
}
