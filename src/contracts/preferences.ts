import { z } from 'zod';

/** A person's own choices about how Parley reaches them. */

export const preferences = z
  .object({
    emailNotifications: z
      .boolean()
      .describe('Whether notifications (a record assigned to you, an issue raised) also come by email'),
    emailAvailable: z
      .boolean()
      .describe('Whether this server sends email at all (SMTP is set up); without it nothing is emailed'),
  })
  .meta({ id: 'Preferences', description: "The signed-in person's own preferences" });

/** Always the caller's own: there is no user to name, so nobody changes someone else's. */
export const preferencesInput = z
  .object({
    emailNotifications: z.boolean({ error: 'Say true or false' }),
  })
  .strict();

export type Preferences = z.infer<typeof preferences>;
