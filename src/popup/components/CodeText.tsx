import { groupCode } from '../format';

/** A code grouped for reading; copying the text gives the digits without the spaces. */
export function CodeText({ code, class: cls = 'code' }: { code: string; class?: string }) {
  return (
    <span class={cls} aria-label={code.split('').join(' ')}>
      {groupCode(code)}
    </span>
  );
}
