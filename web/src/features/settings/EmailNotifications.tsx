import { Switch, Text } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { auth } from '../../api/endpoints.ts';
import { ErrorAlert } from '../../components/ErrorAlert.tsx';
import { useNotify } from '../../components/Notices.tsx';
import { TitledCard } from '../../components/TitledCard.tsx';
import { t } from '../../lib/i18n.ts';

/** The person's own choice to get notifications by email; off, and not offered, on a server without SMTP. */
export function EmailNotifications() {
  const notify = useNotify();
  const queries = useQueryClient();
  const current = useQuery({ queryKey: ['preferences'], queryFn: auth.preferences });
  const change = useMutation({
    mutationFn: (on: boolean) => auth.setPreferences({ emailNotifications: on }),
    onSuccess: (saved) => {
      queries.setQueryData(['preferences'], saved);
      notify(
        t(saved.emailNotifications ? 'profile.emailNotifications.on' : 'profile.emailNotifications.off'),
      );
    },
  });
  const prefs = current.data;
  const available = prefs?.emailAvailable ?? false;
  return (
    <TitledCard title={t('profile.emailNotifications.title')} gap="xs" maw={480}>
      <ErrorAlert error={current.error ?? change.error} />
      <Switch
        label={t('profile.emailNotifications.label')}
        description={t(
          available || !prefs
            ? 'profile.emailNotifications.description'
            : 'profile.emailNotifications.unavailable',
        )}
        checked={prefs?.emailNotifications ?? false}
        disabled={!prefs || (!available && !prefs.emailNotifications) || change.isPending}
        onChange={(event) => change.mutate(event.currentTarget.checked)}
      />
      {prefs && !available && prefs.emailNotifications ? (
        <Text size="sm" c="dimmed">
          {t('profile.emailNotifications.unavailable')}
        </Text>
      ) : null}
    </TitledCard>
  );
}
