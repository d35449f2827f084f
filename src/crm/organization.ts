import type { Organization } from '../contracts/organization.ts';
import { organizationPatch } from '../contracts/organization.ts';
import type { Db } from '../db/index.ts';
import type { OrganizationRow } from '../db/schema.ts';
import { type Actor, parseSettings } from '../domain/actor.ts';
import { conflict, notFound } from '../domain/errors.ts';
import { isoNow } from '../domain/time.ts';
import { recordAudit } from './audit.ts';
import type { CrmDeps } from './deps.ts';
import { requireGrant } from './scope.ts';

/** Renaming the organization and changing its settings; shared with the web app's settings form. */
export { organizationPatch } from '../contracts/organization.ts';

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

/** Tables whose rows carry an amount in a currency of their own. */
const MONEY_TABLES = [
  ['deals', 'deals'],
  ['leads', 'leads'],
  ['orders', 'orders'],
  ['payments', 'payments'],
] as const;

/**
 * Totals, the dashboard and new records all use the organization's currency, so amounts kept in another one
 * would drop out of every figure. The currency changes only while no deal, lead, order or payment is in another.
 */
async function refuseStrandedAmounts(trx: Db, organizationId: number, from: string, to: string) {
  if (from === to) return;
  const kept: string[] = [];
  for (const [table, noun] of MONEY_TABLES) {
    const row = await trx
      .selectFrom(table)
      .select('currency')
      .where('organization_id', '=', organizationId)
      .where('currency', '!=', to)
      .limit(1)
      .executeTakeFirst();
    if (row) kept.push(noun);
  }
  if (kept.length === 0) return;
  const list = new Intl.ListFormat('en', { type: 'conjunction' }).format(kept);
  throw conflict(
    `The currency stays ${from}: this organization has ${list} in ${from}, and totals cannot mix currencies. ` +
      'Change it before recording amounts, or use a separate organization for another currency.',
  );
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
        const settings = parseSettings(before.settings);
        if (input.settings?.currency !== undefined) {
          await refuseStrandedAmounts(trx, before.id, settings.currency, input.settings.currency);
        }
        const row = await trx
          .updateTable('organizations')
          .set({
            ...(input.name !== undefined && { name: input.name }),
            settings: JSON.stringify({ ...settings, ...input.settings }),
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
