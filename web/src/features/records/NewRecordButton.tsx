import { Button } from '@mantine/core';
import type { Area } from '../../../../src/domain/policy.ts';
import { Link } from '../../lib/router.tsx';
import { may } from '../../session/permissions.ts';
import { useSession } from '../../session/SessionProvider.tsx';

/** The way to `/<area>/new`, shown only to those who may create there. */
export function NewRecordButton({ area, label }: { area: Area; label: string }) {
  const { role } = useSession();
  if (!may(role, area, 'create')) return null;
  return (
    <Button component={Link} to={`/${area}/new`}>
      {label}
    </Button>
  );
}
