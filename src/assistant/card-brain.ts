import type { Brain } from './brain.ts';
import { OFFLINE_MODEL } from './offline-brain.ts';

/** Reads a photo without a model: a business card becomes a proposed lead. (Being built.) */
export const cardBrain: Brain = {
  model: OFFLINE_MODEL,
  async answer() {
    return 'I cannot read photos yet. Type what you need instead.';
  },
};
