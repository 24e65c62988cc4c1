/**
 * A recognisable mark for an account without fetching or bundling logos: the first
 * letter of its name on a colour picked by a hash of the name, so "GitHub" looks the
 * same every day, on every machine. Pure, unit-tested.
 */

/** Each carries white text at 5.3:1 or more (checked in test/popup/issue14.test.ts). */
export const AVATAR_COLORS = ['#b3261e', '#9c4f00', '#7a5c00', '#1f7a3f', '#0b6e58', '#00708a', '#2456c9', '#5b3cc4', '#a3217a', '#4f5b66', '#8a4b2b'] as const;

/** FNV-1a over UTF-16 units: tiny, stable, spreads similar names apart. */
function hash(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

export function avatarOf(name: string): { letter: string; color: string } {
  const key = name.trim().toLocaleLowerCase();
  // The first letter or digit ("(old) GitHub" → G), whole even outside the BMP.
  const letter = [...name].find((c) => /[\p{L}\p{N}]/u.test(c))?.toLocaleUpperCase() ?? '#';
  return { letter, color: AVATAR_COLORS[hash(key) % AVATAR_COLORS.length]! };
}
