import { z } from 'zod';
import type { Organization } from '../contracts/organization.ts';
import type { OrganizationRow } from '../db/schema.ts';
import { type Actor, type EmployeeVisibility, parseSettings } from '../domain/actor.ts';
import { notFound } from '../domain/errors.ts';
import { isoNow } from '../domain/time.ts';
import { recordAudit } from './audit.ts';
import type { CrmDeps } from './deps.ts';
import { currency, text } from './fields.ts';
import { requireGrant } from './scope.ts';

const EMPLOYEE_VISIBILITY = ['all', 'assigned'] as const satisfies readonly EmployeeVisibility[];

/** An IANA time zone, stored in its canonical spelling ("europe/berlin" becomes "Europe/Berlin"). */
const timezone = z
  .string()
  .trim()
  .max(64)
  .transform((zone, ctx) => {
    try {
      return new Intl.DateTimeFormat('en-US', { timeZone: zone }).resolvedOptions().timeZone;
    } catch {
      ctx.addIssue({ code: 'custom', message: 'must be an IANA time zone such as Europe/Berlin or UTC' });
      return z.NEVER;
    }
  });

/** Renaming the organization and changing its settings. */
export const organizationPatch = z
  .object({
    name: text(200).optional(),
    settings: z
      .object({
        employeeVisibility: z.enum(EMPLOYEE_VISIBILITY).optional(),
        currency: currency.optional(),
        timezone: timezone.optional(),
      })
      .strict()
      .optional(),
  })
  .strict();

/** The organization with its settings parsed. */
export function toOrganization(r: OrganizationRow): Organization {
  return {
    id: r.id,
    slug: r.slug,
    name: r.name,
    settings: parseSettings(r.settings),
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  };
}

/** The organization the actor acts in: its name and settings. */
export function organizationService({ db, clock }: CrmDeps) {
  async function load(actor: Actor): Promise<OrganizationRow> {
    const row = await db
      .selectFrom('organizations')
      .selectAll()
      .where('id', '=', actor.organizationId)
      .executeTakeFirst();
    if (!row) throw notFound('organization', actor.organizationId);
    return row;
  }

  return {
    async get(actor: Actor) {
      requireGrant(actor, 'settings', 'read');
      return toOrganization(await load(actor));
    },

    /** Renames the organization and changes its settings (owners only); unspecified settings keep their value. */
    async update(actor: Actor, raw: unknown) {
      requireGrant(actor, 'settings', 'update');
      const input = organizationPatch.parse(raw);
      const before = await load(actor);
      const now = isoNow(clock);
      return db.transaction().execute(async (trx) => {
        const row = await trx
          .updateTable('organizations')
          .set({
            ...(input.name !== undefined && { name: input.name }),
            settings: JSON.stringify({ ...parseSettings(before.settings), ...input.settings }),
            updated_at: now,
          })
          .where('id', '=', before.id)
          .returningAll()
          .executeTakeFirstOrThrow();
        const after = toOrganization(row);
        await recordAudit(trx, actor, now, {
          action: 'settings',
          entity: 'organization',
          entityId: row.id,
          before: toOrganization(before),
          after,
        });
        return after;
      });
    },
  };
}
