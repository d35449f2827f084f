import { useQuery } from '@tanstack/react-query';
import { pipelines } from '../../api/endpoints.ts';
import type { Pipeline } from '../../api/types.ts';
import { may } from '../../session/permissions.ts';
import { useSession } from '../../session/SessionProvider.tsx';

export function usePipelines() {
  const { role } = useSession();
  const query = useQuery({
    queryKey: ['pipelines', 'list', 'all'],
    queryFn: () => pipelines.list({ limit: 200 }),
    enabled: may(role, 'pipelines', 'read'),
    staleTime: 60_000,
  });
  const all: Pipeline[] = query.data?.items ?? [];
  return {
    pipelines: all,
    defaultPipeline: all.find((p) => p.isDefault) ?? all[0],
    error: query.error,
    loading: query.isPending,
  };
}
