import {
  ActionIcon,
  Box,
  Button,
  CloseButton,
  FileButton,
  Group,
  Paper,
  Text,
  Textarea,
} from '@mantine/core';
import { type FormEvent, type KeyboardEvent, useRef, useState } from 'react';
import { ACCEPTED_FILES } from './attachment.ts';

function PaperclipIcon() {
  return (
    <svg
      width="18"
      height="18"
      viewBox="0 0 24 24"
      fill="none"
      stroke="currentColor"
      strokeWidth="2"
      aria-hidden="true"
    >
      <path d="M21 11.5 12.5 20a5.5 5.5 0 0 1-7.8-7.8l8.5-8.5a3.7 3.7 0 0 1 5.2 5.2l-8.5 8.5a1.8 1.8 0 0 1-2.6-2.6L15 7" />
    </svg>
  );
}

/** The file waiting to go with the next message, with a way to take it off. */
export function FileChip({ name, onRemove }: { name: string; onRemove?: () => void }) {
  return (
    <Paper withBorder radius="xl" px="xs" py={2} data-testid="assistant-file" w="fit-content" maw="100%">
      <Group gap={4} wrap="nowrap">
        <PaperclipIcon />
        <Text size="xs" truncate>
          {name}
        </Text>
        {onRemove ? <CloseButton size="xs" aria-label={`Remove ${name}`} onClick={onRemove} /> : null}
      </Group>
    </Paper>
  );
}

/** Where a message is written; a file picked or dropped on the panel goes with it. */
export function Composer({
  disabled,
  example,
  file,
  onFile,
  onSend,
}: {
  disabled: boolean;
  example: string | undefined;
  file: File | null;
  onFile(file: File | null): void;
  onSend(text: string, file: File | null): void;
}) {
  const [text, setText] = useState('');
  // The picker forgets its file once taken, so picking the same file again is seen as a change.
  const resetPicker = useRef<() => void>(null);
  function pick(picked: File | null) {
    resetPicker.current?.();
    onFile(picked);
  }
  function submit(event?: FormEvent) {
    event?.preventDefault();
    const message = text.trim();
    if ((!message && !file) || disabled) return;
    setText('');
    onFile(null);
    onSend(message, file);
  }
  // Enter sends, Shift+Enter starts a new line, as in most chat apps.
  function onKeyDown(event: KeyboardEvent<HTMLTextAreaElement>) {
    if (event.key === 'Enter' && !event.shiftKey && !event.nativeEvent.isComposing) submit(event);
  }
  const placeholder = file
    ? 'Add a caption, e.g. import these leads'
    : example
      ? `Ask anything, e.g. ${example}`
      : 'Ask anything';
  return (
    <Box
      component="form"
      onSubmit={submit}
      p="sm"
      style={{ borderTop: '1px solid var(--mantine-color-gray-3)' }}
    >
      {file ? (
        <Box mb={6}>
          <FileChip name={file.name} onRemove={() => onFile(null)} />
        </Box>
      ) : null}
      <Group gap="xs" align="flex-end" wrap="nowrap">
        <FileButton onChange={pick} accept={ACCEPTED_FILES} disabled={disabled} resetRef={resetPicker}>
          {(props) => (
            <ActionIcon
              {...props}
              variant="subtle"
              color="gray"
              size="lg"
              aria-label="Attach a business card photo or a CSV file"
            >
              <PaperclipIcon />
            </ActionIcon>
          )}
        </FileButton>
        <Textarea
          aria-label="Message the assistant"
          placeholder={placeholder}
          autosize
          minRows={1}
          maxRows={5}
          value={text}
          onChange={(e) => setText(e.currentTarget.value)}
          onKeyDown={onKeyDown}
          style={{ flex: 1 }}
          maxLength={4000}
        />
        <Button type="submit" disabled={disabled || (!text.trim() && !file)}>
          Send
        </Button>
      </Group>
    </Box>
  );
}
