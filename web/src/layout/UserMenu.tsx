import {
  Avatar,
  type MantineColorScheme,
  Menu,
  UnstyledButton,
  useMantineColorScheme,
  VisuallyHidden,
} from '@mantine/core';
import { t } from '../lib/i18n.ts';
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

const SCHEMES: { value: MantineColorScheme; label: string }[] = [
  { value: 'light', label: t('theme.light') },
  { value: 'dark', label: t('theme.dark') },
  { value: 'auto', label: t('theme.auto') },
];

export function UserMenu() {
  const { me, role, organization, signOut } = useSession();
  const { colorScheme, setColorScheme } = useMantineColorScheme();
  const who = { name: me.user.name, role: role ? t(`role.${role}`) : t('userMenu.noRole') };
  return (
    <Menu position="bottom-end" withinPortal>
      <Menu.Target>
        <UnstyledButton data-testid="user-menu">
          {/* Named by words rather than aria-label, whose name would not contain the initials shown. */}
          <Avatar color="indigo" radius="xl" aria-hidden>
            {initialsOf(me.user.name)}
          </Avatar>
          <VisuallyHidden>{t('userMenu.label', { name: me.user.name })}</VisuallyHidden>
        </UnstyledButton>
      </Menu.Target>
      <Menu.Dropdown>
        <Menu.Label>
          {organization
            ? t('userMenu.whoIn', { ...who, organization: organization.name })
            : t('userMenu.who', who)}
        </Menu.Label>
        <Menu.Item onClick={() => navigate('/settings')}>{t('userMenu.settings')}</Menu.Item>
        <Menu.Divider />
        <Menu.Label>{t('userMenu.appearance')}</Menu.Label>
        <Menu.RadioGroup
          value={colorScheme}
          onChange={(value) => setColorScheme(value as MantineColorScheme)}
        >
          {SCHEMES.map((scheme) => (
            <Menu.RadioItem key={scheme.value} value={scheme.value}>
              {scheme.label}
            </Menu.RadioItem>
          ))}
        </Menu.RadioGroup>
        <Menu.Divider />
        <Menu.Item color="red" onClick={() => void signOut().then(() => navigate('/'))}>
          {t('userMenu.signOut')}
        </Menu.Item>
      </Menu.Dropdown>
    </Menu>
  );
}
