import { useQuery, useQueryClient } from '@tanstack/react-query';

/** One record by id, cached under its area so lists and details refresh together after a save. */
export function useRecord<T>(area: string, id: number, load: (id: number) => Promise<T>) {
  return useQuery({
    queryKey: recordKey(area, id),
    queryFn: () => load(id),
    enabled: Number.isInteger(id) && id > 0,
  });
}

/** The key a record is cached under, so a deleted one can be dropped rather than fetched again. */
export const recordKey = (area: string, id: number) => [area, 'one', id] as const;

/** After a write, the area's lists and records (and the dashboard's numbers) are out of date. */
export function useRefresh() {
  const queries = useQueryClient();
  return (...areas: string[]) =>
    Promise.all([...areas, 'analytics'].map((area) => queries.invalidateQueries({ queryKey: [area] })));
}
