import type { Expression } from 'kysely';
import type { Membership } from '../contracts/accounts.ts';
import type { Db } from '../db/index.ts';
import { type Actor, parseSettings, type Role, type Via } from '../domain/actor.ts';
import { DomainError } from '../domain/errors.ts';

/** Every organization a user belongs to, oldest membership first. */
export async function membershipsOf(db: Db, userId: number): Promise<Membership[]> {
  const rows = await db
    .selectFrom('memberships')
    .innerJoin('organizations', 'organizations.id', 'memberships.organization_id')
    .select(['organizations.id', 'organizations.slug', 'organizations.name', 'memberships.role'])
    .where('memberships.user_id', '=', userId)
    .orderBy('memberships.id')
    .execute();
  return rows.map((r) => ({ organizationId: r.id, slug: r.slug, name: r.name, role: r.role as Role }));
}

/** Which organization an actor is wanted in: by slug, by id, or (neither) the user's first membership. */
export interface ActorChoice {
  slug?: string | undefined;
  organizationId?: number | undefined;
  model?: string;
}

/**
 * The actor for a user in an organization. A slug the user is not a member of is refused like an unknown
 * one (403), and so is a user with no membership at all.
 */
export async function actorFor(db: Db, userId: number, via: Via, opts: ActorChoice = {}): Promise<Actor> {
  let q = db
    .selectFrom('memberships')
    .innerJoin('organizations', 'organizations.id', 'memberships.organization_id')
    .select(['organizations.id', 'organizations.settings', 'memberships.role'])
    .where('memberships.user_id', '=', userId);
  if (opts.slug) q = q.where('organizations.slug', '=', opts.slug);
  if (opts.organizationId) q = q.where('organizations.id', '=', opts.organizationId);
  const row = await q.orderBy('memberships.id').limit(1).executeTakeFirst();
  if (!row) {
    throw new DomainError(
      'forbidden',
      opts.slug
        ? `You are not a member of organization "${opts.slug}"`
        : 'You are not a member of any organization',
    );
  }
  return {
    userId,
    organizationId: row.id,
    role: row.role as Role,
    via,
    settings: parseSettings(row.settings),
    ...(opts.model ? { model: opts.model } : {}),
  };
}

/**
 * The role of a user's membership and its organization's settings, as subqueries an adapter's own read can
 * select beside its columns (the Telegram chat read), so the membership comes in the same statement. The
 * settings are meaningful only where the role is found.
 */
export function membershipColumns(db: Db, userId: Expression<unknown>, organizationId: Expression<unknown>) {
  return {
    role: db
      .selectFrom('memberships')
      .select('memberships.role')
      .where('memberships.user_id', '=', userId as Expression<number>)
      .where('memberships.organization_id', '=', organizationId as Expression<number>),
    settings: db
      .selectFrom('organizations')
      .select('organizations.settings')
      .where('organizations.id', '=', organizationId as Expression<number>),
  };
}
