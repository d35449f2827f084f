import { Box, Button, Center, Paper, Stack, Text, Title } from '@mantine/core';
import { NotFound } from '../components/NotFound.tsx';
import { PageSkeleton } from '../components/Skeletons.tsx';
import { AcceptInvitationPage } from '../features/auth/AcceptInvitationPage.tsx';
import { ForgotPasswordPage } from '../features/auth/ForgotPasswordPage.tsx';
import { ResetPasswordPage } from '../features/auth/ResetPasswordPage.tsx';
import { SignInPage } from '../features/auth/SignInPage.tsx';
import { Shell } from '../layout/Shell.tsx';
import { setTimeZone } from '../lib/format.ts';
import { t } from '../lib/i18n.ts';
import { matchPath, useLocation } from '../lib/router.tsx';
import { type Session, useSessionState } from '../session/SessionProvider.tsx';
import { useOrganization } from '../session/useOrganization.ts';
import { pageFor } from './routes.tsx';

function NoOrganization({ session }: { session: Session }) {
  return (
    <Center mih="100vh" p="md">
      <Paper withBorder p="xl" radius="md" maw={440} component="main">
        <Stack>
          <Title order={1} size="h3">
            {t('app.noOrganization.title')}
          </Title>
          <Text>{t('app.noOrganization.text', { email: session.me.user.email })}</Text>
          <Button variant="default" onClick={() => void session.signOut()}>
            {t('userMenu.signOut')}
          </Button>
        </Stack>
      </Paper>
    </Center>
  );
}

function SignedInApp({ session }: { session: Session }) {
  if (!session.organization) return <NoOrganization session={session} />;
  return <OrganizationPages session={session} />;
}

function OrganizationPages({ session }: { session: Session }) {
  const { path } = useLocation();
  const { organization } = useOrganization();
  // Set while rendering, before the pages below format anything; it re-renders them once the settings load.
  setTimeZone(organization?.settings.timezone);
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
  // Recovery pages work signed in or not; a reset link's token is in the fragment, like an invitation's.
  if (path === '/forgot-password') return <ForgotPasswordPage />;
  if (path === '/reset-password') {
    return <ResetPasswordPage token={decodeURIComponent(window.location.hash.slice(1)) || null} />;
  }

  if (loading) {
    return (
      <Box component="main" p="md">
        <PageSkeleton />
      </Box>
    );
  }
  if (!session) return <SignInPage />;
  // Keyed by organization so nothing from the previous one lingers in component state after a switch.
  return <SignedInApp key={session.organization?.slug ?? 'none'} session={session} />;
}
