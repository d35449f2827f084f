import { AppShell, Burger, Button, Group, NavLink, ScrollArea, Text } from '@mantine/core';
import { useDisclosure, useLocalStorage } from '@mantine/hooks';
import type { ReactNode } from 'react';
import { AssistantPanel } from '../features/assistant/AssistantPanel.tsx';
import { HeaderSearch } from '../features/search/SearchPalette.tsx';
import { t } from '../lib/i18n.ts';
import { Link, useLocation } from '../lib/router.tsx';
import { useSession } from '../session/SessionProvider.tsx';
import { isCurrent, navigationFor } from './navigation.ts';
import { OrgSwitcher } from './OrgSwitcher.tsx';
import { UserMenu } from './UserMenu.tsx';

function Navigation({ onNavigate }: { onNavigate(): void }) {
  const { role } = useSession();
  const { path } = useLocation();
  return (
    <nav aria-label={t('shell.mainNavigation')}>
      {navigationFor(role).map((item) => (
        <NavLink
          key={item.to}
          component={Link}
          to={item.to}
          label={item.label}
          active={isCurrent(item, path)}
          aria-current={isCurrent(item, path) ? 'page' : undefined}
          onClick={onNavigate}
        />
      ))}
    </nav>
  );
}

const MAIN_ID = 'main-content';

/**
 * The first stop of the Tab key: jumps past the header and navigation. Focus is moved by hand because the
 * router owns the address, and a #fragment would change it.
 */
function SkipLink() {
  return (
    <a
      href={`#${MAIN_ID}`}
      className="skip-link"
      onClick={(event) => {
        event.preventDefault();
        document.getElementById(MAIN_ID)?.focus();
      }}
    >
      {t('shell.skipToMain')}
    </a>
  );
}

export function Shell({ children }: { children: ReactNode }) {
  const [navOpen, nav] = useDisclosure(false);
  const [assistantOpen, setAssistantOpen] = useLocalStorage({ key: 'parley.assistant', defaultValue: false });

  return (
    <AppShell
      header={{ height: 60 }}
      navbar={{ width: 220, breakpoint: 'sm', collapsed: { mobile: !navOpen } }}
      aside={{
        width: { base: '100%', sm: 380, lg: 420 },
        breakpoint: 'sm',
        collapsed: { mobile: !assistantOpen, desktop: !assistantOpen },
      }}
      padding="md"
    >
      <SkipLink />
      <AppShell.Header>
        <Group h="100%" px="md" justify="space-between" wrap="nowrap">
          <Group gap="sm" wrap="nowrap">
            <Burger
              opened={navOpen}
              onClick={nav.toggle}
              hiddenFrom="sm"
              size="sm"
              aria-label={t('shell.toggleNavigation')}
            />
            <Text component={Link} to="/" fw={700} fz="xl" c="indigo" td="none">
              {t('app.name')}
            </Text>
            <OrgSwitcher />
          </Group>
          <Group gap="sm" wrap="nowrap">
            <HeaderSearch />
            <Button
              variant={assistantOpen ? 'filled' : 'light'}
              onClick={() => setAssistantOpen(!assistantOpen)}
              aria-expanded={assistantOpen}
              aria-controls="assistant-panel"
              data-testid="assistant-toggle"
            >
              {t('shell.assistant')}
            </Button>
            <UserMenu />
          </Group>
        </Group>
      </AppShell.Header>
      <AppShell.Navbar p="xs">
        <ScrollArea>
          <Navigation onNavigate={nav.close} />
        </ScrollArea>
      </AppShell.Navbar>
      {/* Focusable without joining the Tab order, so the skip link can move focus here. */}
      <AppShell.Main id={MAIN_ID} tabIndex={-1} style={{ outline: 'none' }}>
        {children}
      </AppShell.Main>
      <AppShell.Aside id="assistant-panel" aria-label="Assistant">
        {assistantOpen ? <AssistantPanel onClose={() => setAssistantOpen(false)} /> : null}
      </AppShell.Aside>
    </AppShell>
  );
}
