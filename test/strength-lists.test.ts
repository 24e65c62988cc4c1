/**
 * The strength estimate's built-in lists (scripts/strength-lists.mjs): cut from the zxcvbn-ts
 * packages without changing what zxcvbn concludes by more than the documented rank band.
 */
import { describe, expect, it } from 'vitest';
import { STRENGTH_LISTS, strengthLists } from '../scripts/strength-lists.mjs';

describe('strength lists built into the extension', () => {
  const built = strengthLists();

  it('keep, for each of the most frequent entries, its best rank across lists within 25 % (bands of ranks)', () => {
    const bestSource = new Map<string, number>();
    for (const [list, kept] of Object.values(STRENGTH_LISTS)) list.slice(0, kept).forEach((w, i) => bestSource.set(w, Math.min(bestSource.get(w) ?? Infinity, i + 1)));
    const bestBuilt = new Map<string, number>();
    for (const list of Object.values(built)) list.forEach((w, i) => w && bestBuilt.set(w, Math.min(bestBuilt.get(w) ?? Infinity, i + 1)));
    expect([...bestBuilt.keys()].sort()).toEqual([...bestSource.keys()].sort());
    for (const [w, rank] of bestSource) {
      const got = bestBuilt.get(w)!;
      expect(got / rank, w).toBeLessThanOrEqual(1.25);
      expect(rank / got, w).toBeLessThanOrEqual(1.25);
    }
  });

  it('hold the top of each list and nothing past the cut', () => {
    expect(built['passwords-common']!.slice(0, 2)).toEqual(['123456', 'password']);
    for (const [name, [list, kept]] of Object.entries(STRENGTH_LISTS)) {
      expect(built[name]).toHaveLength(kept);
      expect(built[name]).not.toContain(list[kept]);
    }
  });
});
