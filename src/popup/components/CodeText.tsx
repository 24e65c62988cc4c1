import { groupCode } from '../format';

/**
 * A code grouped for reading ("123 456"); screen readers get it digit by digit, which
 * is how a code is typed. No aria-label: spans have no role to carry one.
 */
export function CodeText({ code, class: cls = 'code' }: { code: string; class?: string }) {
  return (
    <span class={cls}>
      <span aria-hidden="true">{groupCode(code)}</span>
      <span class="sr-only">{code.split('').join(' ')}</span>
    </span>
  );
}
