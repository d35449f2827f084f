import { z } from 'zod';
import { role } from './accounts.ts';
import { pageOf, recordId, timestamp } from './common.ts';

/** The people of an organization and their roles. */

export const member = z
  .object({ userId: recordId, email: z.string(), name: z.string(), role, joinedAt: timestamp })
  .meta({ id: 'Member', description: 'A person in the organization, with their role' });

export const memberPage = pageOf(member).meta({ id: 'MemberPage' });

export type Member = z.infer<typeof member>;

/** What a colleague sees of the organization's staff: who they are, not how to reach or manage them. */
export const colleague = z
  .object({ userId: recordId, name: z.string() })
  .meta({ id: 'Colleague', description: 'An owner or employee of the organization, by name' });

export const colleagueList = z
  .object({ items: z.array(colleague) })
  .meta({ id: 'ColleagueList', description: "The organization's owners and employees, by name" });

export type Colleague = z.infer<typeof colleague>;
