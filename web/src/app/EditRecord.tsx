import type { ReactNode } from 'react';
import { ErrorAlert } from '../components/ErrorAlert.tsx';
import { NotFound } from '../components/NotFound.tsx';
import { PageSkeleton } from '../components/Skeletons.tsx';
import { isMissing } from '../features/records/RecordPage.tsx';
import { useRecord } from '../features/records/useRecord.ts';

interface EditRecordProps<T> {
  area: string;
  id: number;
  load(id: number): Promise<T>;
  render(record: T): ReactNode;
}

/** Loads the record an edit form starts from; the form itself is the same one that creates. */
export function EditRecord<T>({ area, id, load, render }: EditRecordProps<T>) {
  const record = useRecord(area, id, load);
  if (isMissing(record.error)) return <NotFound />;
  if (record.error) return <ErrorAlert error={record.error} />;
  if (!record.data) return <PageSkeleton cards={1} />;
  return render(record.data);
}
