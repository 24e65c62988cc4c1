/** Must match the background's minimum (src/background/router.ts). */
export const MIN_PASSPHRASE = 8;

/** What stops a new passphrase from being accepted, checked live as the user types. */
export function passphraseProblem(pass: string, confirm: string): 'short' | 'mismatch' | null {
  if (pass.length < MIN_PASSPHRASE) return 'short';
  if (pass !== confirm) return 'mismatch';
  return null;
}
