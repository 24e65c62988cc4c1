// Vite plugin: the word lists of the Setup screen's strength estimate (src/popup/strength-zxcvbn.ts),
// cut at build time from the installed zxcvbn-ts language packages so the store package stays
// under its 300 KB bar (scripts/zip.mjs): the full lists (49k passwords, 56k English and 13k
// German words, diceware, names) deflate to ~0.5 MB. zxcvbn ranks an entry by its position in
// a frequency-ordered list, and guessing attacks try the frequent entries first, so:
//  - only the most frequent entries of each list are kept (a kept entry keeps its rank);
//  - an entry also kept in another list at a better rank is left as an empty slot: zxcvbn
//    takes the best rank anyway, and the slot keeps the later entries' ranks;
//  - within bands of ranks [r, 1.25 r) entries are sorted alphabetically, which the packages'
//    prefix compression shrinks by a fifth; a rank moves by at most 25 % (a tenth of an
//    order of magnitude; zxcvbn's scores are orders of magnitude apart).
import compress from '@zxcvbn-ts/dictionary-compression/compress';
import passwords from '@zxcvbn-ts/language-common/dist/passwords.json.mjs';
import enCommonWords from '@zxcvbn-ts/language-en/dist/commonWords.json.mjs';
import deCommonWords from '@zxcvbn-ts/language-de/dist/commonWords.json.esm.js';

/** zxcvbn dictionary name → [frequency-ordered list, entries kept]. */
export const STRENGTH_LISTS = {
  'passwords-common': [passwords, 10_000],
  'commonWords-en': [enCommonWords, 4_000],
  'commonWords-de': [deCommonWords, 4_000],
};

const BAND_RATIO = 1.25;

/** The lists as built into the extension: name → entries, '' for an empty slot. */
export function strengthLists() {
  const kept = Object.entries(STRENGTH_LISTS).map(([name, [list, n]]) => [name, list.slice(0, n)]);
  const best = new Map(); // entry → [list name, rank] of its best rank
  for (const [name, list] of kept) list.forEach((w, rank) => (best.get(w)?.[1] ?? Infinity) > rank && best.set(w, [name, rank]));
  return Object.fromEntries(kept.map(([name, list]) => [name, banded(list.map((w, rank) => (best.get(w)[0] === name && best.get(w)[1] === rank ? w : '')))]));
}

function banded(list) {
  const out = [];
  for (let start = 0; start < list.length; ) {
    const end = Math.max(start + 1, Math.floor((start + 1) * BAND_RATIO));
    out.push(...list.slice(start, end).sort());
    start = end;
  }
  return out;
}

const ID = 'virtual:strength-lists';

export function strengthListsPlugin() {
  return {
    name: 'otto-strength-lists',
    resolveId: (id) => (id === ID ? `\0${ID}` : undefined),
    load(id) {
      if (id !== `\0${ID}`) return undefined;
      const entries = Object.entries(strengthLists()).map(([name, list]) => `  ${JSON.stringify(name)}: decompress(${JSON.stringify(compress(list))}),`);
      return `import decompress from '@zxcvbn-ts/dictionary-compression/decompress';\nexport default {\n${entries.join('\n')}\n};\n`;
    },
  };
}
