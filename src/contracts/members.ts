import { z } from 'zod';
import { role } from './accounts.ts';
import { pageOf, recordId, timestamp } from './common.ts';

/** The people of an organization and their roles. */

export const member = z
  .object({ userId: recordId, email: z.string(), name: z.string(), role, joinedAt: timestamp })
  .meta({ id: 'Member', description: 'A person in the organization, with their role' });

export const memberPage = pageOf(member).meta({ id: 'MemberPage' });

export type Member = z.infer<typeof member>;
