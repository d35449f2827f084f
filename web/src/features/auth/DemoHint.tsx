import { Alert, Anchor, List, Text } from '@mantine/core';
import { humanize } from '../../lib/format.ts';
import { useSignInOptions } from './useSignInOptions.ts';

/** On a server running the demo organization, its logins; clicking one fills the form. Nothing elsewhere. */
export function DemoHint({ onPick }: { onPick(email: string, password: string): void }) {
  const demo = useSignInOptions()?.demo;
  if (!demo) return null;
  return (
    <Alert color="gray" title="Demo sign-ins" data-testid="demo-hint">
      <Text size="sm">
        Password <code>{demo.password}</code> for each:
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
