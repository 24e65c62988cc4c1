/**
 * zxcvbn-ts with English and German dictionaries: a realistic guess count for a
 * passphrase. Loaded only by the Setup screen (src/popup/strength.ts imports it
 * dynamically): the dictionaries are most of its size.
 */
import { ZxcvbnFactory } from '@zxcvbn-ts/core';
import * as common from '@zxcvbn-ts/language-common';
import * as de from '@zxcvbn-ts/language-de';
import * as en from '@zxcvbn-ts/language-en';

const zxcvbn = new ZxcvbnFactory({
  dictionary: { ...common.dictionary, ...en.dictionary, ...de.dictionary },
  graphs: common.adjacencyGraphs,
});

/** 0 (guessable in moments) to 4 (very unguessable), zxcvbn's scale. */
export function score(passphrase: string, context: string[] = []): number {
  return zxcvbn.check(passphrase, ['otto', 'authenticator', ...context]).score;
}
