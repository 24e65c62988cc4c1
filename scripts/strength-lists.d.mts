import type { Plugin } from 'vite';

/** zxcvbn dictionary name → [frequency-ordered list, entries kept]. */
export declare const STRENGTH_LISTS: Record<string, [list: string[], kept: number]>;
/** The lists as built into the extension: name → entries, '' for an empty slot. */
export declare function strengthLists(): Record<string, string[]>;
/** Serves them as the module `virtual:strength-lists`. */
export declare function strengthListsPlugin(): Plugin;
