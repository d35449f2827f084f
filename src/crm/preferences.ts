import { type Preferences, preferencesInput } from '../contracts/preferences.ts';
import type { Actor } from '../domain/actor.ts';
import { invalid, notFound } from '../domain/errors.ts';
import { isoNow } from '../domain/time.ts';
import type { CrmDeps } from './deps.ts';

/**
 * A person's own preferences. Every method acts on the actor's user and takes no user to act on, so one person
 * can never read or change another's.
 */
export function preferencesService({ db, clock, email }: CrmDeps) {
  const emailAvailable = email !== undefined;

  async function get(actor: Actor): Promise<Preferences> {
    const row = await db
      .selectFrom('users')
      .select('email_notifications')
      .where('id', '=', actor.userId)
      .executeTakeFirst();
    if (!row) throw notFound('user', actor.userId);
    return { emailNotifications: row.email_notifications === 1, emailAvailable };
  }

  return {
    get,

    /** Turning email on needs a server that sends email; turning it off always works. */
    async update(actor: Actor, raw: unknown): Promise<Preferences> {
      const input = preferencesInput.parse(raw);
      if (input.emailNotifications && !emailAvailable) {
        throw invalid('This server does not send email, so notifications cannot come by email.');
      }
      await db
        .updateTable('users')
        .set({ email_notifications: input.emailNotifications ? 1 : 0, updated_at: isoNow(clock) })
        .where('id', '=', actor.userId)
        .execute();
      return get(actor);
    },
  };
}
