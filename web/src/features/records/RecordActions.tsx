import { Button } from '@mantine/core';
import type { Area } from '../../../../src/domain/policy.ts';
import { ConfirmButton } from '../../components/ConfirmButton.tsx';
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
          Edit
        </Button>
      ) : null}
      {may(role, area, 'delete') ? (
        <ConfirmButton
          label="Delete"
          title={`Delete this ${noun.toLowerCase()}?`}
          question={`This removes the ${noun.toLowerCase()} for everyone in the organization. You can undo it for a few seconds after.`}
          confirmLabel={`Delete ${noun.toLowerCase()}`}
          onConfirm={confirmDelete}
        />
      ) : null}
    </>
  );
}
