/** The site binding list: one host per line or comma-separated, checked live, with one-click suggestions. */
import { parseSites } from '../form';
import { errorText, t } from '../i18n';

export function SitesField(props: { value: string; onInput(v: string): void; suggestions: string[]; id: string }) {
  const { sites, errors } = parseSites(props.value);
  const missing = props.suggestions.filter((s) => !sites.includes(s));
  const add = (site: string) => props.onInput([...sites, site].join('\n'));
  return (
    <div class="field">
      <label for={props.id}>{t('sites')}</label>
      <textarea
        id={props.id}
        // Tall enough for every bound site (AWS has four by default), up to six lines.
        rows={Math.min(6, Math.max(2, props.value.split('\n').length))}
        value={props.value}
        spellcheck={false}
        onInput={(e) => props.onInput(e.currentTarget.value)}
        aria-invalid={errors.length > 0}
        aria-describedby={`${props.id}-help`}
      />
      <p id={`${props.id}-help`} class={errors.length ? 'field-error' : 'muted small'}>
        {errors.length ? errorText(errors[0]) : sites.length ? t('sitesHelp') : t('sitesNone')}
      </p>
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
