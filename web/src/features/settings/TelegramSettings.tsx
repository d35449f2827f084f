import { Alert, Anchor, Button, Code, Group, Image, Paper, Stack, Text } from '@mantine/core';
import { useMutation, useQuery } from '@tanstack/react-query';
import QRCode from 'qrcode';
import { telegram } from '../../api/endpoints.ts';
import type { TelegramLinkCode } from '../../api/types.ts';
import { ErrorAlert } from '../../components/ErrorAlert.tsx';
import { TitledCard } from '../../components/TitledCard.tsx';
import { formatDateTime } from '../../lib/format.ts';
import { t } from '../../lib/i18n.ts';

function LinkQrCode({ url }: { url: string }) {
  const image = useQuery({
    queryKey: ['telegram', 'qr', url],
    queryFn: () => QRCode.toDataURL(url, { margin: 1, width: 200 }),
    staleTime: Number.POSITIVE_INFINITY,
  });
  if (!image.data) return null;
  return <Image src={image.data} w={200} h={200} alt={t('telegram.qrAlt')} />;
}

function LinkInstructions({ link }: { link: TelegramLinkCode }) {
  return (
    <Paper withBorder p="md" radius="md" data-testid="telegram-link">
      <Group align="flex-start" gap="xl" wrap="wrap">
        {link.deepLink ? <LinkQrCode url={link.deepLink} /> : null}
        <Stack gap="xs" maw={420}>
          {link.deepLink ? (
            <Text size="sm">
              {t('telegram.scanBefore')}{' '}
              <Anchor href={link.deepLink} target="_blank" rel="noopener noreferrer">
                {t('telegram.openBot')}
              </Anchor>
              {t('telegram.scanAfter')}
            </Text>
          ) : null}
          <Text size="sm">
            {t('telegram.sendThis')} <Code>{link.command}</Code>
          </Text>
          <Text size="xs" c="dimmed">
            {t('telegram.validUntil', { time: formatDateTime(link.expiresAt) })}
          </Text>
        </Stack>
      </Group>
    </Paper>
  );
}

/** Links a Telegram chat to this person in this organization, so they can use the assistant from Telegram. */
export function TelegramSettings() {
  const code = useMutation({ mutationFn: telegram.linkCode });
  return (
    <Stack>
      <TitledCard title={t('telegram.title')} gap="xs">
        <Text size="sm" c="dimmed" mb="md">
          {t('telegram.intro')}
        </Text>
        <Button onClick={() => code.mutate()} loading={code.isPending}>
          {t(code.data ? 'telegram.newCode' : 'telegram.getCode')}
        </Button>
      </TitledCard>
      {code.error ? <ErrorAlert error={code.error} title={t('telegram.noCode')} /> : null}
      {code.data ? <LinkInstructions link={code.data} /> : null}
      <Alert color="gray" variant="light">
        {t('telegram.disconnect')}
      </Alert>
    </Stack>
  );
}
