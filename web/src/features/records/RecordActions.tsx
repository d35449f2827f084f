import { Button } from '@mantine/core';
import type { Area } from '../../../../src/domain/policy.ts';
import { ConfirmButton } from '../../components/ConfirmButton.tsx';
import { Link, navigate } from '../../lib/router.tsx';
import { may, mayEdit } from '../../session/permissions.ts';
import { useSession } from '../../session/SessionProvider.tsx';
import { useAction } from './useAction.ts';

interface RecordActionsProps {
  area: Area;
  record: { id: number; assignedTo: number | null };
  noun: string;
  remove(id: number): Promise<void>;
}

/** Edit for whoever may change the record; delete, behind a confirmation, for owners only. */
export function RecordActions({ area, record, noun, remove }: RecordActionsProps) {
  const { role, userId } = useSession();
  const { run } = useAction(area);

  async function confirmDelete() {
    if (await run(() => remove(record.id), `${noun} deleted`)) navigate(`/${area}`, { replace: true });
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
          question={`This removes the ${noun.toLowerCase()} for everyone in the organization. It cannot be undone here.`}
          confirmLabel={`Delete ${noun.toLowerCase()}`}
          onConfirm={confirmDelete}
        />
      ) : null}
    </>
  );
}
