import { avatarOf } from '../avatar';

/** Decorative: the row's name says who it is. */
export function Avatar({ name }: { name: string }) {
  const { letter, color } = avatarOf(name);
  return (
    <span class="avatar" style={{ background: color }} aria-hidden="true">
      {letter}
    </span>
  );
}
