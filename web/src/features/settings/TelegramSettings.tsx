import { Alert, Anchor, Button, Code, Group, Image, Paper, Stack, Text } from '@mantine/core';
import { useMutation, useQuery } from '@tanstack/react-query';
import QRCode from 'qrcode';
import { telegram } from '../../api/endpoints.ts';
import type { TelegramLinkCode } from '../../api/types.ts';
import { ErrorAlert } from '../../components/ErrorAlert.tsx';
import { TitledCard } from '../../components/TitledCard.tsx';
import { formatDateTime } from '../../lib/format.ts';

function LinkQrCode({ url }: { url: string }) {
  const image = useQuery({
    queryKey: ['telegram', 'qr', url],
    queryFn: () => QRCode.toDataURL(url, { margin: 1, width: 200 }),
    staleTime: Number.POSITIVE_INFINITY,
  });
  if (!image.data) return null;
  return <Image src={image.data} w={200} h={200} alt="QR code that opens the bot with your link code" />;
}

function LinkInstructions({ link }: { link: TelegramLinkCode }) {
  return (
    <Paper withBorder p="md" radius="md" data-testid="telegram-link">
      <Group align="flex-start" gap="xl" wrap="wrap">
        {link.deepLink ? <LinkQrCode url={link.deepLink} /> : null}
        <Stack gap="xs" maw={420}>
          {link.deepLink ? (
            <Text size="sm">
              Scan the code with your phone, or{' '}
              <Anchor href={link.deepLink} target="_blank" rel="noopener noreferrer">
                open the bot in Telegram
              </Anchor>
              , and press Start.
            </Text>
          ) : null}
          <Text size="sm">
            Or send this to the bot: <Code>{link.command}</Code>
          </Text>
          <Text size="xs" c="dimmed">
            The code works once, until {formatDateTime(link.expiresAt)}.
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
      <TitledCard title="Connect Telegram" gap="xs">
        <Text size="sm" c="dimmed" mb="md">
          Talk to Parley from Telegram: ask about your records and make changes, with the same permissions as
          here.
        </Text>
        <Button onClick={() => code.mutate()} loading={code.isPending}>
          {code.data ? 'Get a new code' : 'Get a link code'}
        </Button>
      </TitledCard>
      {code.error ? <ErrorAlert error={code.error} title="No link code" /> : null}
      {code.data ? <LinkInstructions link={code.data} /> : null}
      <Alert color="gray" variant="light">
        To disconnect a chat, send /logout to the bot.
      </Alert>
    </Stack>
  );
}
