import type { SearchHit } from '../../api/types.ts';
import { usePersonalStorage } from '../../session/usePersonalStorage.ts';

const KEEP = 8;

/** Records recently opened from search, newest first, kept per person and organization in this browser. */
export function useRecentRecords() {
  const [recent, setRecent] = usePersonalStorage<SearchHit[]>('recent', []);
  return {
    recent,
    remember(hit: SearchHit) {
      setRecent((list) => [hit, ...list.filter((r) => r.url !== hit.url)].slice(0, KEEP));
    },
  };
}
