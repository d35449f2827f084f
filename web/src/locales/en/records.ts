import type { Message } from '../../lib/i18n.ts';

/** What every record page and form shares: edit, delete and undo, save and cancel, the common fields. */
export const records = {
  'record.edit': 'Edit',
  'record.delete': 'Delete',
  'record.deleteTitle': 'Delete this {noun}?',
  'record.deleteQuestion':
    'This removes the {noun} for everyone in the organization. You can undo it for a few seconds after.',
  'record.deleteConfirm': 'Delete {noun}',
  'record.deleted': '{noun} deleted',
  'record.undo': 'Undo',
  'record.kept': '{noun} kept',
  'record.notDeleted': '{noun} was not deleted: {reason}',
  'form.cancel': 'Cancel',
  'form.save': 'Save',
  'field.assignedTo': 'Assigned to',
  'field.customer': 'Customer',
  'field.lead': 'Lead',
  'field.deal': 'Deal',
  'field.order': 'Order',
} satisfies Record<string, Message>;
