/** The passphrase strength estimate, loaded on first use (only the Setup screen asks). */
export type Scorer = (passphrase: string) => number;

let loading: Promise<Scorer> | null = null;

export function loadScorer(): Promise<Scorer> {
  loading ??= import('./strength-zxcvbn').then((m) => (p: string) => m.score(p));
  return loading;
}

/** The words for zxcvbn's scores 0–4 (locale keys). */
export const STRENGTH_KEYS = ['strength0', 'strength1', 'strength2', 'strength3', 'strength4'] as const;
