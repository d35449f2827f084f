import { Avatar, Menu, UnstyledButton } from '@mantine/core';
import { humanize } from '../lib/format.ts';
import { navigate } from '../lib/router.tsx';
import { useSession } from '../session/SessionProvider.tsx';

function initialsOf(name: string): string {
  return name
    .split(/\s+/)
    .filter(Boolean)
    .slice(0, 2)
    .map((part) => part[0]!.toUpperCase())
    .join('');
}

export function UserMenu() {
  const { me, role, organization, signOut } = useSession();
  return (
    <Menu position="bottom-end" withinPortal>
      <Menu.Target>
        <UnstyledButton aria-label={`Account menu for ${me.user.name}`} data-testid="user-menu">
          <Avatar color="indigo" radius="xl">
            {initialsOf(me.user.name)}
          </Avatar>
        </UnstyledButton>
      </Menu.Target>
      <Menu.Dropdown>
        <Menu.Label>
          {me.user.name} · {humanize(role ?? 'no role')}
          {organization ? ` in ${organization.name}` : ''}
        </Menu.Label>
        <Menu.Item onClick={() => navigate('/settings')}>Settings</Menu.Item>
        <Menu.Divider />
        <Menu.Item color="red" onClick={() => void signOut().then(() => navigate('/'))}>
          Sign out
        </Menu.Item>
      </Menu.Dropdown>
    </Menu>
  );
}
