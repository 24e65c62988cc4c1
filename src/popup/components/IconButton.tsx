/** A button that shows only an icon: its name is the aria-label, shown as a tooltip on hover and keyboard focus. */
import type { ButtonHTMLAttributes } from 'preact';
import { Icon, type IconName } from './Icon';

type Props = Omit<ButtonHTMLAttributes<HTMLButtonElement>, 'icon' | 'label'> & {
  icon: IconName;
  label: string;
  /** Where the tooltip goes: below, aligned to the start (default) or the end; `side` = beside it, inside a list row. */
  tip?: 'start' | 'end' | 'side';
  /** Tooltip text when shorter than the name ("More actions" for "More for GitHub"). */
  tipText?: string;
};

export function IconButton({ icon, label, tip = 'start', tipText, class: cls, ...rest }: Props) {
  return (
    <button
      type="button"
      {...rest}
      class={cls ? `icon ${String(cls)}` : 'icon'}
      aria-label={label}
      data-tip={tipText ?? label}
      data-tip-end={tip === 'end' ? '' : undefined}
      data-tip-side={tip === 'side' ? '' : undefined}
    >
      <Icon name={icon} />
    </button>
  );
}
