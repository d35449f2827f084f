import { SimpleGrid, Stack, Text } from '@mantine/core';
import type { ReactNode } from 'react';
import { ApiError } from '../../api/client.ts';
import { ErrorAlert } from '../../components/ErrorAlert.tsx';
import { NotFound } from '../../components/NotFound.tsx';
import { PageSkeleton } from '../../components/Skeletons.tsx';
import { Link } from '../../lib/router.tsx';
import { useRecord } from './useRecord.ts';

interface RecordPageProps<T> {
  area: string;
  id: number;
  load(id: number): Promise<T>;
  children(record: T): ReactNode;
}

/** A record's page once it has loaded: a failed load reads as an error, a skeleton shows while loading. */
export function RecordPage<T>({ area, id, load, children }: RecordPageProps<T>) {
  const { data, error } = useRecord(area, id, load);
  if (isMissing(error)) return <NotFound />;
  if (error) return <ErrorAlert error={error} />;
  if (!data) return <PageSkeleton />;
  return <Stack>{children(data)}</Stack>;
}

/** A record that does not exist, or that this person's role may not see: both read as "not found". */
export function isMissing(error: unknown): boolean {
  return error instanceof ApiError && (error.status === 404 || error.status === 403);
}

/** A link to a related record, or nothing when there is none. */
export function recordLink(area: string, id: number | null | undefined, label: ReactNode): ReactNode {
  return id ? <Link to={`/${area}/${id}`}>{label}</Link> : null;
}

/** Related lists and timelines below a record: two columns when the page is wide enough. */
export function RelatedColumns({ children }: { children: ReactNode }) {
  return (
    <SimpleGrid type="container" cols={{ base: 1, '860px': 2 }}>
      {children}
    </SimpleGrid>
  );
}

/** Free text as typed, line breaks kept. */
export function LongText({ children, testId }: { children: ReactNode; testId?: string }) {
  return (
    <Text style={{ whiteSpace: 'pre-wrap' }} data-testid={testId}>
      {children}
    </Text>
  );
}
