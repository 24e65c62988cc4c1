import type { ComponentChildren } from 'preact';
import { useApp } from '../app-context';
import { t } from '../i18n';

/** Title bar of a sub-screen, with the way back to the list. */
export function Header({ title, children }: { title: string; children?: ComponentChildren }) {
  const app = useApp();
  return (
    <header class="bar-top">
      <button type="button" class="icon" onClick={() => app.go({ name: 'list' })} aria-label={t('back')} title={t('back')}>
        ←
      </button>
      <h1>{title}</h1>
      {children}
    </header>
  );
}
