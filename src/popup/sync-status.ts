/** The background's sync status, for the screens that show it. */
import { useEffect, useState } from 'preact/hooks';
import { request } from '../shared/client';
import type { SyncInfo } from '../shared/messages';

/**
 * Asks for the status when `wanted` (again each time it turns true); null until the
 * background answers. `onError` hears a refusal; without it the status stays null.
 */
export function useSyncStatus(wanted: boolean, onError?: (e: unknown) => void) {
  const [info, setInfo] = useState<SyncInfo | null>(null);
  useEffect(() => {
    if (wanted) request({ type: 'syncStatus' }).then(setInfo, onError ?? (() => undefined));
  }, [wanted]);
  return [info, setInfo] as const;
}
