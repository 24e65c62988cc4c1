/**
 * zxcvbn-ts: a realistic guess count for a passphrase, against the most frequent common
 * passwords and English and German words (cut at build time by scripts/strength-lists.mjs
 * to keep the store package small), keyboard patterns, dates, repeats and sequences.
 * Loaded only by the Setup screen (src/popup/strength.ts imports it dynamically).
 */
import { ZxcvbnFactory } from '@zxcvbn-ts/core';
import { adjacencyGraphs } from '@zxcvbn-ts/language-common';
import lists from 'virtual:strength-lists';

const zxcvbn = new ZxcvbnFactory({ dictionary: lists, graphs: adjacencyGraphs });

/** 0 (guessable in moments) to 4 (very unguessable), zxcvbn's scale. */
export function score(passphrase: string, context: string[] = []): number {
  return zxcvbn.check(passphrase, ['otto', 'authenticator', ...context]).score;
}
