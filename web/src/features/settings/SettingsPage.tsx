import { Tabs } from '@mantine/core';
import { NotFound } from '../../components/NotFound.tsx';
import { PageHeader } from '../../components/PageHeader.tsx';
import { navigate } from '../../lib/router.tsx';
import { may } from '../../session/permissions.ts';
import { useSession } from '../../session/SessionProvider.tsx';
import { AuditLog } from './AuditLog.tsx';
import { MemberSettings } from './MemberSettings.tsx';
import { OrganizationSettings } from './OrganizationSettings.tsx';
import { PipelineSettings } from './PipelineSettings.tsx';
import { ProfileSettings } from './ProfileSettings.tsx';
import { TelegramSettings } from './TelegramSettings.tsx';
import { TokenSettings } from './TokenSettings.tsx';

interface Tab {
  value: string;
  label: string;
  render(): React.ReactNode;
  shown: boolean;
}

export function SettingsPage({ tab }: { tab: string | undefined }) {
  const { role } = useSession();
  const tabs: Tab[] = [
    { value: 'profile', label: 'Profile', render: () => <ProfileSettings />, shown: true },
    { value: 'tokens', label: 'API tokens', render: () => <TokenSettings />, shown: true },
    { value: 'telegram', label: 'Telegram', render: () => <TelegramSettings />, shown: true },
    {
      value: 'members',
      label: 'Members',
      render: () => <MemberSettings />,
      shown: may(role, 'members', 'read'),
    },
    {
      value: 'organization',
      label: 'Organization',
      render: () => <OrganizationSettings />,
      shown: may(role, 'settings', 'update'),
    },
    {
      value: 'pipelines',
      label: 'Pipelines',
      render: () => <PipelineSettings />,
      shown: may(role, 'pipelines', 'read'),
    },
    { value: 'audit', label: 'Audit log', render: () => <AuditLog />, shown: may(role, 'audit', 'read') },
  ].filter((t) => t.shown);
  const current = tab === undefined ? tabs[0] : tabs.find((t) => t.value === tab);
  if (!current) return <NotFound />;

  return (
    <>
      <PageHeader title="Settings" />
      <Tabs
        value={current.value}
        onChange={(v) => v && navigate(`/settings/${v}`, { replace: true })}
        keepMounted={false}
      >
        <Tabs.List mb="md">
          {tabs.map((t) => (
            <Tabs.Tab key={t.value} value={t.value}>
              {t.label}
            </Tabs.Tab>
          ))}
        </Tabs.List>
        {tabs.map((t) => (
          <Tabs.Panel key={t.value} value={t.value}>
            {t.value === current.value ? t.render() : null}
          </Tabs.Panel>
        ))}
      </Tabs>
    </>
  );
}
