import { useLocalStorage } from '@mantine/hooks';
import { useSession } from './SessionProvider.tsx';

/**
 * A value kept in this browser for the signed-in person in the current organization (saved views, recent
 * records), so two people sharing a browser, or one person in two organizations, keep theirs apart.
 */
export function usePersonalStorage<T>(name: string, defaultValue: T) {
  const { userId, organization } = useSession();
  return useLocalStorage<T>({
    key: `parley.${name}.${userId}.${organization?.slug ?? 'none'}`,
    defaultValue,
    getInitialValueInEffect: false,
  });
}
