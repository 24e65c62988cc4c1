/**
 * zxcvbn-ts: a realistic guess count for a passphrase, against common passwords (with
 * diceware words and keyboard patterns) and the English and German common words and
 * first names. The packages' surname and Wikipedia lists are left out: they would more
 * than double the size for little gain on passphrases. Loaded only by the Setup screen
 * (src/popup/strength.ts imports it dynamically).
 */
import { ZxcvbnFactory } from '@zxcvbn-ts/core';
import * as common from '@zxcvbn-ts/language-common';
import deCommonWords from '@zxcvbn-ts/language-de/dist/commonWords.json.esm.js';
import deFirstnames from '@zxcvbn-ts/language-de/dist/firstnames.json.esm.js';
import enCommonWords from '@zxcvbn-ts/language-en/dist/commonWords.json.mjs';
import enFirstnames from '@zxcvbn-ts/language-en/dist/firstnames.json.mjs';

const zxcvbn = new ZxcvbnFactory({
  dictionary: {
    ...common.dictionary,
    'commonWords-en': enCommonWords,
    'firstnames-en': enFirstnames,
    'commonWords-de': deCommonWords,
    'firstnames-de': deFirstnames,
  },
  graphs: common.adjacencyGraphs,
});

/** 0 (guessable in moments) to 4 (very unguessable), zxcvbn's scale. */
export function score(passphrase: string, context: string[] = []): number {
  return zxcvbn.check(passphrase, ['otto', 'authenticator', ...context]).score;
}
