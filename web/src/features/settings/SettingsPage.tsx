import { Tabs } from '@mantine/core';
import { NotFound } from '../../components/NotFound.tsx';
import { PageHeader } from '../../components/PageHeader.tsx';
import { t } from '../../lib/i18n.ts';
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
    { value: 'profile', label: t('settings.tab.profile'), render: () => <ProfileSettings />, shown: true },
    { value: 'tokens', label: t('settings.tab.tokens'), render: () => <TokenSettings />, shown: true },
    { value: 'telegram', label: t('settings.tab.telegram'), render: () => <TelegramSettings />, shown: true },
    {
      value: 'members',
      label: t('settings.tab.members'),
      render: () => <MemberSettings />,
      shown: may(role, 'members', 'read'),
    },
    {
      value: 'organization',
      label: t('settings.tab.organization'),
      render: () => <OrganizationSettings />,
      shown: may(role, 'settings', 'update'),
    },
    {
      value: 'pipelines',
      label: t('settings.tab.pipelines'),
      render: () => <PipelineSettings />,
      shown: may(role, 'pipelines', 'read'),
    },
    {
      value: 'audit',
      label: t('settings.tab.audit'),
      render: () => <AuditLog />,
      shown: may(role, 'audit', 'read'),
    },
  ].filter((tab) => tab.shown);
  const current = tab === undefined ? tabs[0] : tabs.find((each) => each.value === tab);
  if (!current) return <NotFound />;

  return (
    <>
      <PageHeader title={t('settings.title')} />
      <Tabs
        value={current.value}
        onChange={(v) => v && navigate(`/settings/${v}`, { replace: true })}
        keepMounted={false}
      >
        <Tabs.List mb="md">
          {tabs.map((each) => (
            <Tabs.Tab key={each.value} value={each.value}>
              {each.label}
            </Tabs.Tab>
          ))}
        </Tabs.List>
        {tabs.map((each) => (
          <Tabs.Panel key={each.value} value={each.value}>
            {each.value === current.value ? each.render() : null}
          </Tabs.Panel>
        ))}
      </Tabs>
    </>
  );
}
