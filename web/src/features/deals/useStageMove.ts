import { deals } from '../../api/endpoints.ts';
import { messageOf } from '../../components/ErrorAlert.tsx';
import { useNotify } from '../../components/Notices.tsx';
import { t } from '../../lib/i18n.ts';
import { useRefresh } from '../records/useRecord.ts';

interface Movable {
  id: number;
  title: string;
  stageId: number;
  stageName: string;
}

interface Stage {
  id: number;
  name: string;
}

/**
 * Moves a deal to a stage through the API and says so with Undo, which moves it back the same way (so the
 * server's rules and the stage history apply to both). Resolves whether the move went through.
 */
export function useStageMove() {
  const notify = useNotify();
  const refresh = useRefresh();

  async function move(deal: Movable, to: Stage, undoing = false): Promise<boolean> {
    try {
      await deals.moveStage(deal.id, to.id);
    } catch (error) {
      notify(`"${deal.title}" stays in ${deal.stageName}: ${messageOf(error)}`, 'error');
      return false;
    } finally {
      await refresh('deals');
    }
    const moved = { ...deal, stageId: to.id, stageName: to.name };
    const back = { id: deal.stageId, name: deal.stageName };
    notify(
      undoing ? `"${deal.title}" is back in ${to.name}` : `"${deal.title}" moved to ${to.name}`,
      'success',
      undoing ? {} : { action: { label: t('ui.undo'), run: () => void move(moved, back, true) } },
    );
    return true;
  }

  return move;
}
