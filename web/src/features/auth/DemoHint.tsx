import { Alert, Anchor, List, Text } from '@mantine/core';
import { humanize } from '../../lib/format.ts';
import { t } from '../../lib/i18n.ts';
import { useSignInOptions } from './useSignInOptions.ts';

/** On a server running the demo organization, its logins; clicking one fills the form. Nothing elsewhere. */
export function DemoHint({ onPick }: { onPick(email: string, password: string): void }) {
  const demo = useSignInOptions()?.demo;
  if (!demo) return null;
  return (
    <Alert color="gray" title={t('demoHint.title')} data-testid="demo-hint">
      <Text size="sm">
        {t('demoHint.passwordBefore')} <code>{demo.password}</code> {t('demoHint.passwordAfter')}
      </Text>
      <List size="sm" spacing={2}>
        {demo.logins.map((login) => (
          <List.Item key={login.email}>
            <Anchor
              component="button"
              type="button"
              size="sm"
              onClick={() => onPick(login.email, demo.password)}
            >
              {login.email}
            </Anchor>{' '}
            ({humanize(login.role)})
          </List.Item>
        ))}
      </List>
    </Alert>
  );
}
