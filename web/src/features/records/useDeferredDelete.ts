import { useQueryClient } from '@tanstack/react-query';
import { messageOf } from '../../components/ErrorAlert.tsx';
import { useNotify } from '../../components/Notices.tsx';
import { hideWhileDeleting, stopHiding } from '../../components/pendingDeletes.ts';
import { t } from '../../lib/i18n.ts';
import { recordKey, useRefresh } from './useRecord.ts';

/**
 * Delete with Undo: the record leaves the lists at once, and the DELETE is sent only when its notice goes
 * without Undo being pressed (timed out, closed, or the page left). Undo therefore keeps the very record,
 * with its id, history and links, which re-creating it could not.
 */
export function useDeferredDelete(area: string) {
  const notify = useNotify();
  const refresh = useRefresh();
  const queries = useQueryClient();

  return (id: number, remove: (id: number) => Promise<void>, noun: string) => {
    hideWhileDeleting(area, id);
    notify(t('record.deleted', { noun }), 'success', {
      action: {
        label: t('record.undo'),
        run: () => {
          stopHiding(area, id);
          notify(t('record.kept', { noun }), 'info');
        },
      },
      async onEnd(how) {
        if (how === 'action') return;
        try {
          await remove(id);
          // A page still leaving (its chunk swap is a transition) would otherwise fetch it again: a 404.
          queries.removeQueries({ queryKey: recordKey(area, id) });
        } catch (error) {
          stopHiding(area, id);
          notify(t('record.notDeleted', { noun, reason: messageOf(error) }), 'error');
        }
        // Hidden until the lists have loaded without it, so it does not flash back meanwhile.
        await refresh(area);
        stopHiding(area, id);
      },
    });
  };
}
