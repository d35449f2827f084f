import { cardCorrections } from '../media/card-corrections.ts';
import { type CardFields, looksLikeCard, readCard } from '../media/card-fields.ts';
import { ocr } from '../media/ocr.ts';
import type { Brain } from './brain.ts';
import { cardOf, proposeCard } from './card-proposal.ts';
import type { ConversationStore } from './conversation-store.ts';
import { OFFLINE_MODEL } from './offline-brain.ts';

/**
 * Photos without a model: a business card read by offline OCR becomes a proposed lead (or a note on the
 * record it already is), and "email is …" typed before confirming proposes it again with the field changed.
 */

const NO_CARD =
  "I couldn't find a business card in that photo: I need at least a name with an email or phone number. " +
  'Try a sharper photo taken straight on, or type the details.';

/** Reads a photo of a business card with the built-in OCR. */
export const cardBrain: Brain = {
  model: OFFLINE_MODEL,
  async answer({ ctx, text, attachment, box }) {
    if (attachment?.kind !== 'image') return NO_CARD;
    const read = await ocr.read(attachment.bytes, `${ctx.actor.organizationId}:${ctx.actor.userId}`);
    const card = readCard(read.text);
    if (!looksLikeCard(card)) return NO_CARD;
    return proposeCard(box, card, { caption: text });
  },
};

const EMAIL = /^[\p{L}\d._%+-]+@[a-z\d-]+(?:\.[a-z\d-]+)*\.[a-z]{2,}$/iu;
const PHONE = /^\+?[\d(][\d ()./-]*$/;

/** Why a corrected field cannot be used, or null when it can. */
function problemWith(changes: Partial<CardFields>): string | null {
  if (changes.email !== undefined && !EMAIL.test(changes.email)) {
    return `"${changes.email}" doesn't look like an email address; nothing was changed.`;
  }
  if (changes.phone !== undefined) {
    const digits = changes.phone.replace(/\D/g, '').length;
    if (!PHONE.test(changes.phone) || digits < 7 || digits > 15) {
      return `"${changes.phone}" doesn't look like a phone number; nothing was changed.`;
    }
  }
  return null;
}

/**
 * A correction to a lead waiting for confirmation, if `text` is one: the brain that proposes the lead again
 * with the fields changed, and the confirmation it replaces (to be withdrawn once the new one is proposed).
 */
export async function cardCorrection(
  store: ConversationStore,
  conversationId: number,
  text: string,
): Promise<{ brain: Brain; replaces: string } | null> {
  const changes = cardCorrections(text);
  if (!changes) return null;
  const pending = await store.pendingWrites(conversationId);
  const [write, ...more] = pending?.actions ?? [];
  if (!pending || !write || more.length > 0 || write.tool !== 'create_lead') return null;
  const { card, context } = cardOf(write.input as Record<string, unknown>);
  return {
    replaces: pending.id,
    brain: {
      model: OFFLINE_MODEL,
      async answer({ box }) {
        const problem = problemWith(changes);
        if (problem) return problem;
        return proposeCard(box, { ...card, ...changes }, context);
      },
    },
  };
}
