import type { ComponentChildren } from 'preact';
import { useApp } from '../app-context';
import { t } from '../i18n';
import { IconButton } from './IconButton';

/** Title bar of a sub-screen, with the way back to the list (Escape does the same). */
export function Header({ title, children }: { title: string; children?: ComponentChildren }) {
  const app = useApp();
  return (
    <header class="bar-top">
      <IconButton icon="back" label={t('back')} onClick={() => app.go({ name: 'list' })} />
      <h1 tabIndex={-1}>{title}</h1>
      {children}
    </header>
  );
}
