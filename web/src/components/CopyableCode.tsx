import { Button, Code, CopyButton, Group } from '@mantine/core';
import { t } from '../lib/i18n.ts';

/** A secret or link shown once, with a button that copies it. */
export function CopyableCode({ value }: { value: string }) {
  return (
    <Group gap="xs" wrap="nowrap">
      <Code style={{ overflowWrap: 'anywhere' }}>{value}</Code>
      <CopyButton value={value}>
        {({ copied, copy }) => (
          <Button size="xs" variant="light" onClick={copy}>
            {copied ? t('copy.done') : t('copy.button')}
          </Button>
        )}
      </CopyButton>
    </Group>
  );
}
