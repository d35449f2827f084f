import { NumberInput } from '@mantine/core';
import { minorDigits, toMajor, toMinor } from '../lib/money.ts';

interface MoneyInputProps {
  label: string;
  currency: string;
  /** Minor units, or null when empty. */
  value: number | null;
  onChange(value: number | null): void;
  error?: string | undefined;
  required?: boolean;
  name?: string;
}

/** People type 1,250.50; the server gets 125050. What they type is kept as typed, minus sign included. */
export function MoneyInput({ label, currency, value, onChange, error, required, name }: MoneyInputProps) {
  const digits = minorDigits(currency);
  return (
    <NumberInput
      label={label}
      name={name}
      required={required}
      value={value === null ? '' : toMajor(value, currency)}
      onChange={(next) => onChange(next === '' || next === null ? null : toMinor(Number(next), currency))}
      decimalScale={digits}
      fixedDecimalScale={false}
      thousandSeparator=","
      // A negative amount is refused with a message by the schema, never quietly turned into zero.
      clampBehavior="none"
      rightSection={<span style={{ fontSize: 12, color: 'var(--mantine-color-dimmed)' }}>{currency}</span>}
      rightSectionWidth={48}
      error={error}
    />
  );
}
