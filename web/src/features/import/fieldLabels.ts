import type { ImportField } from '../../../../src/domain/import-fields.ts';
import { type MessageKey, t } from '../../lib/i18n.ts';

/** The import columns' names in the interface's language; the shared field list keeps English for the server. */
const LABELS: Record<string, MessageKey> = {
  name: 'ui.name',
  kind: 'ui.kindIndividualOrBusiness',
  companyName: 'ui.company',
  company: 'ui.company',
  email: 'ui.email',
  phone: 'ui.phone',
  addressLine1: 'ui.address',
  city: 'ui.city',
  postalCode: 'ui.postalCode',
  country: 'ui.country',
  status: 'ui.status',
  source: 'ui.source',
  tags: 'ui.tagsSeparatedBy',
  notes: 'ui.notes',
  score: 'ui.score0100',
  estimatedValue: 'ui.estimatedValue',
  currency: 'ui.currency',
  assignedTo: 'ui.assignedTo',
};

export function fieldLabel(field: ImportField): string {
  const key = LABELS[field.name];
  return key ? t(key) : field.label;
}
