import { useState } from 'react';
import { messageOf } from '../../components/ErrorAlert.tsx';
import { useNotify } from '../../components/Notices.tsx';
import { useRefresh } from './useRecord.ts';

/**
 * A one-click request (delete, revoke, move): busy while it runs, the named areas refreshed after it, and a
 * failure told as a notice instead of thrown, since nothing above a button could show it.
 */
export function useAction(...areas: string[]) {
  const notify = useNotify();
  const refresh = useRefresh();
  const [busy, setBusy] = useState(false);

  /** Resolves true when the action succeeded; `done` is the notice then, if any. */
  async function run<R>(action: () => Promise<R>, done?: string | ((result: R) => string)): Promise<boolean> {
    setBusy(true);
    try {
      const result = await action();
      if (areas.length > 0) await refresh(...areas);
      if (done) notify(typeof done === 'string' ? done : done(result));
      return true;
    } catch (error) {
      notify(messageOf(error), 'error');
      return false;
    } finally {
      setBusy(false);
    }
  }
  return { busy, run };
}
