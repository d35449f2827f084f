import { Button, type ButtonProps, Group, Modal, Text } from '@mantine/core';
import { useState } from 'react';

interface ConfirmButtonProps extends ButtonProps {
  label: string;
  title: string;
  question: string;
  confirmLabel: string;
  onConfirm(): Promise<unknown> | undefined;
}

/** A destructive action behind a second, explicit yes. */
export function ConfirmButton({
  label,
  title,
  question,
  confirmLabel,
  onConfirm,
  ...button
}: ConfirmButtonProps) {
  const [open, setOpen] = useState(false);
  const [busy, setBusy] = useState(false);

  async function confirm() {
    setBusy(true);
    try {
      await onConfirm();
      setOpen(false);
    } finally {
      setBusy(false);
    }
  }

  return (
    <>
      <Button color="red" variant="light" onClick={() => setOpen(true)} {...button}>
        {label}
      </Button>
      <Modal opened={open} onClose={() => setOpen(false)} title={title} centered>
        <Text mb="lg">{question}</Text>
        <Group justify="flex-end">
          <Button variant="default" onClick={() => setOpen(false)}>
            Keep it
          </Button>
          <Button color="red" loading={busy} onClick={confirm}>
            {confirmLabel}
          </Button>
        </Group>
      </Modal>
    </>
  );
}
