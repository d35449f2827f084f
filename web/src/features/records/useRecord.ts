import { useQuery, useQueryClient } from '@tanstack/react-query';

/** One record by id, cached under its area so lists and details refresh together after a save. */
export function useRecord<T>(area: string, id: number, load: (id: number) => Promise<T>) {
  return useQuery({
    queryKey: [area, 'one', id],
    queryFn: () => load(id),
    enabled: Number.isInteger(id) && id > 0,
  });
}

/** After a write, the area's lists and records (and the dashboard's numbers) are out of date. */
export function useRefresh() {
  const queries = useQueryClient();
  return (...areas: string[]) =>
    Promise.all([...areas, 'analytics'].map((area) => queries.invalidateQueries({ queryKey: [area] })));
}
