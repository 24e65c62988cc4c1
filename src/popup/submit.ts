/** Busy and error state of a form that sends something to the background (a passphrase, mostly). */
import { useState } from 'preact/hooks';
import { errorText } from './i18n';

/**
 * `submit` runs `run` if the form is `ready` and not busy already. A failure is worded for
 * the user and frees the form for another try. A success leaves it busy, because the
 * caller moves on (unlocks, closes) and a button come back to life meanwhile would invite
 * a second submit; `stay` frees it for a form that remains.
 */
export function useSubmit(run: () => Promise<void>, ready: boolean, stay = false) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState('');
  const submit = (e: Event) => {
    e.preventDefault();
    if (!ready || busy) return;
    setBusy(true);
    setError('');
    run().then(
      () => {
        if (stay) setBusy(false);
      },
      (err: unknown) => {
        setError(errorText(err));
        setBusy(false);
      },
    );
  };
  return [busy, error, submit] as const;
}
