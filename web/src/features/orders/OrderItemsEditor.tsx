import { ActionIcon, Button, Group, NumberInput, Stack, Text, TextInput } from '@mantine/core';
import { MoneyInput } from '../../components/MoneyInput.tsx';
import { t } from '../../lib/i18n.ts';
import { formatMoney } from '../../lib/money.ts';

export interface ItemDraft {
  key: number;
  description: string;
  quantity: number | string;
  unitPrice: number | null;
}

let nextKey = 1;
export const blankItem = (): ItemDraft => ({ key: nextKey++, description: '', quantity: 1, unitPrice: null });

interface Props {
  items: ItemDraft[];
  currency: string;
  onChange(items: ItemDraft[]): void;
  /** The message for a field such as "items.0.quantity", from the form. */
  error(name: string): string | undefined;
}

/** Order lines; the server computes totals, this only previews them. */
export function OrderItemsEditor({ items, currency, onChange, error }: Props) {
  function update(key: number, patch: Partial<ItemDraft>) {
    onChange(items.map((item) => (item.key === key ? { ...item, ...patch } : item)));
  }
  return (
    <Stack gap="xs">
      <Text fw={600} size="sm">
        Items
      </Text>
      {error('items') ? (
        <Text c="red" size="sm">
          {error('items')}
        </Text>
      ) : null}
      {items.map((item, index) => (
        <Group key={item.key} align="flex-end" gap="xs" wrap="wrap">
          <TextInput
            label={`Item ${index + 1}`}
            value={item.description}
            onChange={(e) => update(item.key, { description: e.currentTarget.value })}
            error={error(`items.${index}.description`)}
            style={{ flex: '2 1 200px' }}
          />
          <NumberInput
            label={t('ui.qty')}
            value={item.quantity}
            min={1}
            allowDecimal={false}
            onChange={(v) => update(item.key, { quantity: v })}
            error={error(`items.${index}.quantity`)}
            w={90}
          />
          <div style={{ flex: '1 1 140px' }}>
            <MoneyInput
              label={t('ui.unitPrice')}
              currency={currency}
              value={item.unitPrice}
              onChange={(v) => update(item.key, { unitPrice: v })}
              error={error(`items.${index}.unitPrice`)}
            />
          </div>
          <Text size="sm" w={100} ta="right" pb={8}>
            {formatMoney((Number(item.quantity) || 0) * (item.unitPrice ?? 0), currency)}
          </Text>
          <ActionIcon
            variant="subtle"
            color="red"
            aria-label={`Remove item ${index + 1}`}
            onClick={() => onChange(items.filter((i) => i.key !== item.key))}
            disabled={items.length === 1}
            mb={6}
          >
            ×
          </ActionIcon>
        </Group>
      ))}
      <Button
        variant="subtle"
        size="xs"
        onClick={() => onChange([...items, blankItem()])}
        style={{ alignSelf: 'flex-start' }}
      >
        Add item
      </Button>
    </Stack>
  );
}
