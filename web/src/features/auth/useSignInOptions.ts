import { useQuery } from '@tanstack/react-query';
import { auth } from '../../api/endpoints.ts';

/** What the server offers before sign-in: reset by email, and the demo's logins where it runs the demo. */
export function useSignInOptions() {
  return useQuery({ queryKey: ['sign-in-options'], queryFn: auth.options, staleTime: 5 * 60_000 }).data;
}
