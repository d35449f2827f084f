import { AppShell, Burger, Button, Group, NavLink, ScrollArea, Title } from '@mantine/core';
import { useDisclosure, useLocalStorage } from '@mantine/hooks';
import type { ReactNode } from 'react';
import { AssistantPanel } from '../features/assistant/AssistantPanel.tsx';
import { HeaderSearch } from '../features/search/SearchPalette.tsx';
import { Link, useLocation } from '../lib/router.tsx';
import { useSession } from '../session/SessionProvider.tsx';
import { isCurrent, navigationFor } from './navigation.ts';
import { OrgSwitcher } from './OrgSwitcher.tsx';
import { UserMenu } from './UserMenu.tsx';

function Navigation({ onNavigate }: { onNavigate(): void }) {
  const { role } = useSession();
  const { path } = useLocation();
  return (
    <nav aria-label="Main">
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
      <AppShell.Header>
        <Group h="100%" px="md" justify="space-between" wrap="nowrap">
          <Group gap="sm" wrap="nowrap">
            <Burger
              opened={navOpen}
              onClick={nav.toggle}
              hiddenFrom="sm"
              size="sm"
              aria-label="Toggle navigation"
            />
            <Title order={3} c="indigo">
              <Link to="/" style={{ color: 'inherit', textDecoration: 'none' }}>
                Parley
              </Link>
            </Title>
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
              Assistant
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
      <AppShell.Main>{children}</AppShell.Main>
      <AppShell.Aside id="assistant-panel" aria-label="Assistant">
        {assistantOpen ? <AssistantPanel onClose={() => setAssistantOpen(false)} /> : null}
      </AppShell.Aside>
    </AppShell>
  );
}
