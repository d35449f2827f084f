import { Select, Text } from '@mantine/core';
import { useNotify } from '../components/Notices.tsx';
import { useAction } from '../features/records/useAction.ts';
import { t } from '../lib/i18n.ts';
import { navigate } from '../lib/router.tsx';
import { useSession } from '../session/SessionProvider.tsx';

/** Only people in several organizations get a choice; everyone else sees the name. */
export function OrgSwitcher() {
  const { organization, memberships, switchOrganization } = useSession();
  const notify = useNotify();
  const { busy, run } = useAction();

  if (memberships.length < 2) {
    return (
      <Text fw={600} size="sm" truncate data-testid="org-name" visibleFrom="xs">
        {organization?.name ?? t('org.none')}
      </Text>
    );
  }

  async function choose(slug: string | null) {
    if (!slug || slug === organization?.slug) return;
    await run(async () => {
      await switchOrganization(slug);
      navigate('/');
      notify(t('org.switched', { name: memberships.find((m) => m.slug === slug)?.name ?? slug }), 'info');
    });
  }

  return (
    <Select
      aria-label={t('org.label')}
      data-testid="org-switcher"
      data={memberships.map((m) => ({ value: m.slug, label: `${m.name} · ${t(`role.${m.role}`)}` }))}
      value={organization?.slug ?? null}
      onChange={choose}
      disabled={busy}
      allowDeselect={false}
      w={{ base: 160, sm: 240 }}
    />
  );
}
