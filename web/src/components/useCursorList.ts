import { useInfiniteQuery } from '@tanstack/react-query';
import type { Query } from '../api/client.ts';
import type { ListTotal, Page } from '../api/types.ts';
import { useWithoutPendingDeletes } from './pendingDeletes.ts';

export const PAGE_SIZE = 25;

/**
 * One list, fetched a page at a time with the server's cursor: the cost of each page is the same whether the
 * organization has a hundred rows or a million. `withTotal` asks the first page for the (capped) count.
 */
export function useCursorList<T>(
  key: string,
  fetchPage: (query: Query) => Promise<Page<T>>,
  query: Query,
  opts: { withTotal?: boolean } = {},
) {
  const result = useInfiniteQuery({
    queryKey: [key, 'list', query, opts.withTotal ? 'total' : 'page'],
    queryFn: ({ pageParam }) =>
      fetchPage({
        ...query,
        limit: PAGE_SIZE,
        cursor: pageParam,
        ...(opts.withTotal && pageParam === undefined ? { total: true } : {}),
      }),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
  const items = useWithoutPendingDeletes(key, result.data?.pages.flatMap((p) => p.items) ?? []);
  return {
    items,
    total: (result.data?.pages[0]?.total ?? null) as ListTotal | null,
    loading: result.isPending,
    error: result.error,
    hasMore: result.hasNextPage,
    loadingMore: result.isFetchingNextPage,
    loadMore: () => void result.fetchNextPage(),
    retry: () => void result.refetch(),
  };
}
