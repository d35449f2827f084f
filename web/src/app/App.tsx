import { Button, Center, Loader, Paper, Stack, Text, Title } from '@mantine/core';
import { NotFound } from '../components/NotFound.tsx';
import { AcceptInvitationPage } from '../features/auth/AcceptInvitationPage.tsx';
import { SignInPage } from '../features/auth/SignInPage.tsx';
import { Shell } from '../layout/Shell.tsx';
import { matchPath, useLocation } from '../lib/router.tsx';
import { type Session, useSessionState } from '../session/SessionProvider.tsx';
import { pageFor } from './routes.tsx';

function NoOrganization({ session }: { session: Session }) {
  return (
    <Center mih="100vh" p="md">
      <Paper withBorder p="xl" radius="md" maw={440} component="main">
        <Stack>
          <Title order={1} size="h3">
            No organization yet
          </Title>
          <Text>
            {session.me.user.email} is not a member of any organization. Ask an owner for an invitation link.
          </Text>
          <Button variant="default" onClick={() => void session.signOut()}>
            Sign out
          </Button>
        </Stack>
      </Paper>
    </Center>
  );
}

function SignedInApp({ session }: { session: Session }) {
  const { path } = useLocation();
  if (!session.organization) return <NoOrganization session={session} />;
  return <Shell>{pageFor(session.role, path) ?? <NotFound />}</Shell>;
}

/**
 * The token of an invitation link: in the fragment (/invite#pli_…), which the browser never sends to the
 * server, or in the path of links made before that (/invite/pli_…).
 */
function invitationToken(path: string): string | null {
  if (path === '/invite') return decodeURIComponent(window.location.hash.slice(1)) || null;
  return matchPath('/invite/:token', path)?.token ?? null;
}

export function App() {
  const { session, loading } = useSessionState();
  const { path } = useLocation();

  // An invitation link works whether or not someone is signed in on this browser.
  const invitation = invitationToken(path);
  if (invitation) return <AcceptInvitationPage token={invitation} />;

  if (loading) {
    return (
      <Center mih="100vh">
        <Loader aria-label="Loading" />
      </Center>
    );
  }
  if (!session) return <SignInPage />;
  // Keyed by organization so nothing from the previous one lingers in component state after a switch.
  return <SignedInApp key={session.organization?.slug ?? 'none'} session={session} />;
}
