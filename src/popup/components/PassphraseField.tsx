/**
 * The popup's passphrase input, inside its label so the label names it. Other input
 * attributes (aria-*, focus markers, ref) pass through, so each form keeps its own wiring.
 */
import type { PartialInputHTMLAttributes, Ref } from 'preact';

type Props = Omit<PartialInputHTMLAttributes<HTMLInputElement>, 'type' | 'role' | 'value' | 'onInput' | 'label' | 'autocomplete'> & {
  ref?: Ref<HTMLInputElement>;
  label: string;
  value: string;
  onValue(value: string): void;
  /** 'new-password' where the user chooses one, so a password manager offers to save it. */
  autocomplete?: 'current-password' | 'new-password';
};

export function PassphraseField({ label, value, onValue, autocomplete = 'current-password', ...input }: Props) {
  return (
    <label>
      {label}
      <input {...input} type="password" autocomplete={autocomplete} value={value} onInput={(e) => onValue(e.currentTarget.value)} />
    </label>
  );
}
