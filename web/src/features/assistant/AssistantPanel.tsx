import {
  Alert,
  Badge,
  Button,
  CloseButton,
  Group,
  List,
  Loader,
  Paper,
  ScrollArea,
  Stack,
  Text,
  Title,
} from '@mantine/core';
import { type DragEvent, useEffect, useRef, useState } from 'react';
import { examplesFor } from '../../../../src/assistant/examples.ts';
import type { AssistantAction } from '../../api/types.ts';
import { ErrorAlert } from '../../components/ErrorAlert.tsx';
import { humanize } from '../../lib/format.ts';
import { useSession } from '../../session/SessionProvider.tsx';
import { fileProblem } from './attachment.ts';
import { Composer, FileChip } from './Composer.tsx';
import { replyText } from './replyText.ts';
import { ToolResult } from './ToolResult.tsx';
import { type Entry, useAssistant } from './useAssistant.ts';

/** What the panel suggests to this role: requests it may ask, shared with Telegram's /help. */
function useExamples(): readonly string[] {
  const { role } = useSession();
  return role ? examplesFor(role) : [];
}

function UserMessage({ text, file }: { text: string; file?: string | undefined }) {
  return (
    <Stack gap={4} align="flex-end">
      {file ? <FileChip name={file} /> : null}
      {text ? <UserWords text={text} /> : null}
    </Stack>
  );
}

function UserWords({ text }: { text: string }) {
  return (
    <Paper
      bg="indigo.6"
      c="white"
      px="sm"
      py={6}
      radius="lg"
      maw="85%"
      ml="auto"
      data-testid="assistant-user"
    >
      <Text size="sm" style={{ whiteSpace: 'pre-wrap' }}>
        {text}
      </Text>
    </Paper>
  );
}

function Confirmation({
  entry,
  onDecide,
}: {
  entry: Entry & { kind: 'reply' };
  onDecide(approve: boolean): void;
}) {
  const confirmation = entry.turn.confirmation;
  if (!confirmation) return null;
  return (
    <Paper withBorder p="sm" radius="md" bg="yellow.0" data-testid="assistant-confirmation">
      <Text size="sm" fw={600} mb={4}>
        Needs your confirmation
      </Text>
      <List size="sm" mb="xs">
        {confirmation.summary.map((line) => (
          <List.Item key={line}>{line}</List.Item>
        ))}
      </List>
      {entry.decision ? (
        <Badge color={entry.decision === 'approved' ? 'teal' : 'gray'} variant="light">
          {entry.decision === 'approved' ? 'Confirmed' : 'Cancelled'}
        </Badge>
      ) : (
        <Group gap="xs">
          <Button size="xs" onClick={() => onDecide(true)}>
            Confirm
          </Button>
          <Button size="xs" variant="default" onClick={() => onDecide(false)}>
            Cancel
          </Button>
        </Group>
      )}
    </Paper>
  );
}

function ReplyMessage({
  entry,
  onDecide,
}: {
  entry: Entry & { kind: 'reply' };
  onDecide(approve: boolean): void;
}) {
  const { turn } = entry;
  const text = replyText(turn);
  return (
    <Stack gap={6} maw="100%" data-testid="assistant-reply">
      {text ? (
        <Paper bg="gray.1" px="sm" py={6} radius="lg" maw="92%">
          <Text size="sm" style={{ whiteSpace: 'pre-wrap' }}>
            {text}
          </Text>
        </Paper>
      ) : null}
      {turn.actions.map((action, index) => (
        // biome-ignore lint/suspicious/noArrayIndexKey: a turn's actions never change or reorder
        <ToolResult key={`${action.tool}-${index}`} action={action} />
      ))}
      <Confirmation entry={entry} onDecide={onDecide} />
    </Stack>
  );
}

function Working({ actions }: { actions: AssistantAction[] }) {
  return (
    <Group gap="xs" c="dimmed" data-testid="assistant-working">
      <Loader size="xs" type="dots" />
      <Text size="xs">
        {actions.length === 0 ? 'Thinking…' : actions.map((a) => humanize(a.tool)).join(' · ')}
      </Text>
    </Group>
  );
}

/** What an empty conversation offers to start with. */
function Suggestions({ disabled, onPick }: { disabled: boolean; onPick(text: string): void }) {
  const suggestions = useExamples().slice(0, 3);
  return (
    <Stack gap="xs">
      <Text size="sm" c="dimmed">
        Ask about your records or tell me what to change. Changes wait for your confirmation.
      </Text>
      <Group gap={6}>
        {suggestions.map((s) => (
          <Button key={s} size="compact-xs" variant="light" onClick={() => onPick(s)} disabled={disabled}>
            {s}
          </Button>
        ))}
      </Group>
    </Stack>
  );
}

/** The chat beside every page: the same assistant as in Telegram, acting with this person's permissions. */
export function AssistantPanel({ onClose }: { onClose(): void }) {
  const chat = useAssistant();
  const viewport = useRef<HTMLDivElement>(null);
  const busy = chat.working !== null;
  const count = chat.entries.length;
  const [example] = useExamples();
  const [file, setFile] = useState<File | null>(null);
  const [fileError, setFileError] = useState<string | null>(null);
  const [dragging, setDragging] = useState(false);

  /** A picked or dropped file waits in the composer, unless it cannot be sent at all. */
  function take(picked: File | null) {
    const problem = picked ? fileProblem(picked) : null;
    setFileError(problem);
    setFile(problem ? null : picked);
  }
  const dropProps = {
    onDragOver(event: DragEvent) {
      if (!event.dataTransfer.types.includes('Files')) return;
      event.preventDefault();
      setDragging(true);
    },
    onDragLeave() {
      setDragging(false);
    },
    onDrop(event: DragEvent) {
      event.preventDefault();
      setDragging(false);
      const dropped = event.dataTransfer.files[0];
      if (dropped && !busy) take(dropped);
    },
  };

  // biome-ignore lint/correctness/useExhaustiveDependencies: scroll when messages arrive or work starts
  useEffect(() => {
    viewport.current?.scrollTo({ top: viewport.current.scrollHeight });
  }, [count, busy]);

  return (
    <Stack
      h="100%"
      gap={0}
      data-testid="assistant-panel"
      {...dropProps}
      style={
        dragging ? { outline: '2px dashed var(--mantine-color-indigo-5)', outlineOffset: -4 } : undefined
      }
    >
      <Group
        justify="space-between"
        px="sm"
        py="xs"
        style={{ borderBottom: '1px solid var(--mantine-color-gray-3)' }}
      >
        <Title order={2} size="h5">
          Assistant
        </Title>
        <Group gap={4}>
          <Button
            size="compact-sm"
            variant="subtle"
            color="gray"
            onClick={() => void chat.clear()}
            disabled={busy}
          >
            Clear
          </Button>
          <CloseButton aria-label="Close the assistant" onClick={onClose} />
        </Group>
      </Group>
      <ScrollArea viewportRef={viewport} style={{ flex: 1 }} px="sm" py="sm">
        <Stack gap="sm" role="log" aria-live="polite" aria-label="Conversation">
          <ErrorAlert error={chat.loadError} />
          {chat.loading ? <Loader size="sm" aria-label="Loading conversation" mx="auto" /> : null}
          {!chat.loading && count === 0 ? (
            <Suggestions disabled={busy} onPick={(text) => void chat.send(text)} />
          ) : null}
          {chat.entries.map((entry) =>
            entry.kind === 'user' ? (
              <UserMessage key={entry.id} text={entry.text} file={entry.file} />
            ) : (
              <ReplyMessage
                key={entry.id}
                entry={entry}
                onDecide={(approve) => void chat.decide(entry, approve)}
              />
            ),
          )}
          {chat.working ? <Working actions={chat.working} /> : null}
          {fileError ? (
            <Alert color="red" role="alert" p="xs">
              {fileError}
            </Alert>
          ) : null}
          {chat.error ? (
            <Alert color="red" role="alert" p="xs">
              {chat.error}
            </Alert>
          ) : null}
        </Stack>
      </ScrollArea>
      <Composer
        disabled={busy}
        example={example}
        file={file}
        onFile={take}
        onSend={(text, sent) => void chat.send(text, sent)}
      />
    </Stack>
  );
}
