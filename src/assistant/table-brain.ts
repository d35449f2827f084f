import type { Brain } from './brain.ts';
import { OFFLINE_MODEL } from './offline-brain.ts';

/** A CSV file sent to the assistant: an import preview, with the import itself proposed. (Being built.) */
export const tableBrain: Brain = {
  model: OFFLINE_MODEL,
  async answer() {
    return 'I cannot import files here yet. Use Import on the Customers or Leads page.';
  },
};
