import { useQuery } from '@tanstack/react-query';
import { organization } from '../api/endpoints.ts';

/** Every member may read the organization's settings; its currency is how totals are shown. */
export function useOrganization() {
  const query = useQuery({ queryKey: ['organization'], queryFn: organization.get, staleTime: 300_000 });
  return { organization: query.data, currency: query.data?.settings.currency ?? 'USD', error: query.error };
}
