import { z } from 'zod';
import { CHANNELS } from '../domain/actor.ts';
import { pageOf, recordId, ref, timestamp } from './common.ts';

/** What an audit entry records was done; the services write no other. */
export const AUDIT_ACTIONS = [
  'create',
  'update',
  'delete',
  'convert',
  'move_stage',
  'comment',
  'invite',
  'settings',
] as const;

const snapshot = z.record(z.string(), z.unknown()).nullable();

export const auditEntry = z
  .object({
    id: recordId,
    actorUserId: ref.describe('Who acted; null once their account is deleted'),
    via: z.enum(CHANNELS).describe('The channel the change came through'),
    model: z.string().nullable().describe('The language model that acted for the user, if one did'),
    action: z.enum(AUDIT_ACTIONS),
    entity: z
      .string()
      .describe('The kind of record: customer, lead, deal, issue, order, payment, pipeline and others'),
    entityId: ref,
    before: snapshot.describe('The record as it was; null for a creation'),
    after: snapshot.describe('The record as it became; null for a deletion'),
    createdAt: timestamp,
  })
  .meta({ id: 'AuditEntry' });

export const auditPage = pageOf(auditEntry).meta({ id: 'AuditPage' });

export type AuditEntry = z.infer<typeof auditEntry>;
export type AuditAction = (typeof AUDIT_ACTIONS)[number];
