import { Button } from '@mantine/core';
import { useState } from 'react';
import type { Query } from '../api/client.ts';
import type { Page } from '../api/types.ts';
import { t } from '../lib/i18n.ts';
import { useSession } from '../session/SessionProvider.tsx';
import { useMembers } from '../session/useMembers.ts';
import { collectAll, download, EXPORT_LIMIT, toCsv } from './csv.ts';
import { messageOf } from './ErrorAlert.tsx';
import { exportRow } from './exportRows.ts';
import { useNotify } from './Notices.tsx';

interface ExportButtonProps<T> {
  name: string;
  fetchPage(query: Query): Promise<Page<T>>;
  query: Query;
}

/**
 * Exports exactly what the list shows (the same filters, search and order), written as a person reads it and
 * as the import takes it back.
 */
export function ExportButton<T extends object>({ name, fetchPage, query }: ExportButtonProps<T>) {
  const notify = useNotify();
  const people = useMembers();
  const { me } = useSession();
  // The export is read back by the import, so people go by their plain names ("Ana", not "Ana (you)").
  const nameOf = (userId: number) => (userId === me.user.id ? me.user.name : people.nameOf(userId));
  const [count, setCount] = useState<number | null>(null);

  async function exportList() {
    setCount(0);
    try {
      const { rows, truncated } = await collectAll(fetchPage, query, setCount);
      download(
        `${name}-${new Date().toISOString().slice(0, 10)}.csv`,
        toCsv(rows.map((row) => exportRow(row, nameOf))),
      );
      notify(
        truncated ? t('export.limited', { count: EXPORT_LIMIT }) : t('export.done', { count: rows.length }),
        truncated ? 'info' : 'success',
      );
    } catch (error) {
      notify(messageOf(error), 'error');
    } finally {
      setCount(null);
    }
  }

  return (
    <Button variant="default" onClick={exportList} loading={count !== null} loaderProps={{ type: 'dots' }}>
      {count !== null ? t('export.running', { count }) : t('export.button')}
    </Button>
  );
}
