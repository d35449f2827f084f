import { Button } from '@mantine/core';
import type { Area } from '../../../../src/domain/policy.ts';
import { ConfirmButton } from '../../components/ConfirmButton.tsx';
import { t } from '../../lib/i18n.ts';
import { Link, navigate } from '../../lib/router.tsx';
import { may, mayEdit } from '../../session/permissions.ts';
import { useSession } from '../../session/SessionProvider.tsx';
import { useDeferredDelete } from './useDeferredDelete.ts';

interface RecordActionsProps {
  area: Area;
  record: { id: number; assignedTo: number | null };
  noun: string;
  remove(id: number): Promise<void>;
}

/** Edit for whoever may change the record; delete, behind a confirmation, for owners only. */
export function RecordActions({ area, record, noun, remove }: RecordActionsProps) {
  const { role, userId } = useSession();
  const deleteLater = useDeferredDelete(area);

  async function confirmDelete() {
    deleteLater(record.id, remove, noun);
    navigate(`/${area}`, { replace: true });
  }

  return (
    <>
      {mayEdit(role, area, record, userId) ? (
        <Button component={Link} to={`/${area}/${record.id}/edit`}>
          {t('record.edit')}
        </Button>
      ) : null}
      {may(role, area, 'delete') ? (
        <ConfirmButton
          label={t('record.delete')}
          title={t('record.deleteTitle', { noun: noun.toLowerCase() })}
          question={t('record.deleteQuestion', { noun: noun.toLowerCase() })}
          confirmLabel={t('record.deleteConfirm', { noun: noun.toLowerCase() })}
          onConfirm={confirmDelete}
        />
      ) : null}
    </>
  );
}
