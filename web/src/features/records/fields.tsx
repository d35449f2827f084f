import { Select, type SelectProps } from '@mantine/core';
import type { Query } from '../../api/client.ts';
import { customers, deals, leads, orders } from '../../api/endpoints.ts';
import type { Page } from '../../api/types.ts';
import { RecordPicker } from '../../components/RecordPicker.tsx';
import { options } from '../../lib/format.ts';
import { t } from '../../lib/i18n.ts';
import { useMembers } from '../../session/useMembers.ts';
import { orderLabel } from '../orders/summary.ts';

/** One of a fixed list of values (status, priority, …); an enum always has a value, so it cannot be cleared. */
export function ChoiceSelect({ choices, ...props }: SelectProps & { choices: readonly string[] }) {
  return <Select data={options(choices)} allowDeselect={false} {...props} />;
}

/** The members a record may be assigned to. */
export function AssigneeSelect(props: SelectProps) {
  const people = useMembers();
  return <Select label={t('field.assignedTo')} data={people.assignable} clearable {...props} />;
}

/** What `form.field(name)` hands a picker, plus the label of the current record before a search loads it. */
interface PickerField {
  value: number | null;
  onChange(value: number | null): void;
  error?: string | undefined;
  current?: string | null | undefined;
  required?: boolean;
  description?: string;
}

interface PickerSource<T> {
  label: string;
  fetchPage(query: Query): Promise<Page<T>>;
  labelOf(row: T): string;
}

/** Lets one table hold pickers whose rows differ in type (method parameters are checked bivariantly). */
function source<T extends { id: number }>(s: PickerSource<T>): PickerSource<{ id: number }> {
  return s;
}

const SOURCES = {
  customers: source({ label: t('field.customer'), fetchPage: customers.list, labelOf: (c) => c.name }),
  leads: source({ label: t('field.lead'), fetchPage: leads.list, labelOf: (l) => l.name }),
  deals: source({ label: t('field.deal'), fetchPage: deals.list, labelOf: (d) => d.title }),
  orders: source({ label: t('field.order'), fetchPage: orders.list, labelOf: orderLabel }),
};

/** A record of one area chosen by search; a form names only the area, the field and the current label. */
export function AreaPicker({ area, current, ...props }: PickerField & { area: keyof typeof SOURCES }) {
  const { label, fetchPage, labelOf } = SOURCES[area];
  return (
    <RecordPicker
      label={label}
      area={area}
      fetchPage={fetchPage}
      labelOf={labelOf}
      currentLabel={current}
      {...props}
    />
  );
}
