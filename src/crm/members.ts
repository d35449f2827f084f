import { sql } from 'kysely';
import { z } from 'zod';
import type { Member } from '../contracts/members.ts';
import { isPostgres } from '../db/dialect.ts';
import type { Db } from '../db/index.ts';
import { type Actor, ROLES, type Role } from '../domain/actor.ts';
import { conflict, forbidden, invalid, notFound } from '../domain/errors.ts';
import { isoNow } from '../domain/time.ts';
import { recordAudit } from './audit.ts';
import type { CrmDeps } from './deps.ts';
import { listQuery, paginate, prefixMatch, type Sortable } from './list.ts';
import { requireGrant } from './scope.ts';
import { revokeSessionsOf } from './sessions.ts';

/** More staff than any organization Parley serves; keeps the directory one bounded read. */
const MAX_COLLEAGUES = 5000;

/** Changing a member's role. */
export const memberPatch = z.object({ role: z.enum(ROLES) }).strict();

const SORT: Sortable = { joinedAt: 'created_at', email: 'email' };
/** Listing members, optionally by role. */
export const memberListQuery = listQuery(SORT, { role: z.enum(ROLES).optional() });

interface MemberRow {
  id: number;
  user_id: number;
  email: string;
  name: string;
  role: string;
  created_at: string;
}

/** A member as the organization sees them. */
export function toMember(r: MemberRow): Member {
  return { userId: r.user_id, email: r.email, name: r.name, role: r.role as Role, joinedAt: r.created_at };
}

/** Memberships of one organization with their users, flattened so lists can sort and page on plain columns. */
function membersOf(db: Db, organizationId: number) {
  return db
    .selectFrom((eb) =>
      eb
        .selectFrom('memberships')
        .innerJoin('users', 'users.id', 'memberships.user_id')
        .select([
          'memberships.id',
          'memberships.user_id',
          'users.email',
          'users.name',
          'memberships.role',
          'memberships.created_at',
        ])
        .where('memberships.organization_id', '=', organizationId)
        .as('m'),
    )
    .selectAll();
}

/**
 * Serialises changes to an organization's owners: on PostgreSQL two owners demoting each other at once would
 * otherwise both see another owner left. SQLite runs one write transaction at a time already.
 */
async function lockOrganization(trx: Db, organizationId: number): Promise<void> {
  if (!isPostgres(trx)) return;
  await trx.selectFrom('organizations').select('id').where('id', '=', organizationId).forUpdate().execute();
}

async function requireAnotherOwner(trx: Db, actor: Actor, member: Member, change: string): Promise<void> {
  if (member.role !== 'owner') return;
  const owners = await trx
    .selectFrom('memberships')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('organization_id', '=', actor.organizationId)
    .where('role', '=', 'owner')
    .executeTakeFirstOrThrow();
  if (Number(owners.n) <= 1) {
    throw conflict(
      `${member.email} is the organization's last owner: make someone else an owner before you ${change}`,
    );
  }
}

/** The people of an organization and their roles. */
export function membersService(deps: CrmDeps) {
  const { db, clock } = deps;

  async function load(trx: Db, actor: Actor, userId: number): Promise<Member> {
    const row = await membersOf(trx, actor.organizationId).where('m.user_id', '=', userId).executeTakeFirst();
    if (!row) throw notFound('member', userId);
    return toMember(row);
  }

  return {
    async list(actor: Actor, raw: unknown) {
      requireGrant(actor, 'members', 'read');
      const p = memberListQuery.parse(raw);
      let q = membersOf(db, actor.organizationId);
      if (p.role) q = q.where('m.role', '=', p.role);
      if (p.q) {
        const lo = p.q.toLowerCase();
        const name = isPostgres(db) ? sql`lower(m.name) collate "C"` : sql`lower(m.name)`;
        // Member lists are small, so a name match without an index is fine.
        q = q.where((eb) =>
          eb.or([
            prefixMatch(db, 'm.email', lo),
            sql<boolean>`(${name} >= ${lo} and ${name} < ${`${lo}\uffff`})`,
          ]),
        );
      }
      const page = await paginate(q, p, SORT);
      return { items: page.items.map(toMember), nextCursor: page.nextCursor };
    },

    /** Staff by name, for showing who is assigned or did something; every owner and employee may read it. */
    async colleagues(actor: Actor) {
      requireGrant(actor, 'colleagues', 'read');
      const rows = await membersOf(db, actor.organizationId)
        .where('m.role', '!=', 'customer')
        .orderBy('m.name')
        .orderBy('m.user_id')
        .limit(MAX_COLLEAGUES)
        .execute();
      return { items: rows.map((r) => ({ userId: r.user_id, name: r.name })) };
    },

    async get(actor: Actor, userId: number) {
      requireGrant(actor, 'members', 'read');
      return load(db, actor, userId);
    },

    /**
     * An owner or employee by user id, email or name (exact in any case, then as a prefix), for staff who
     * assign work to colleagues ("assign it to Sofia"). Employees may do this though they cannot list members:
     * they learn only a colleague's id, name and email.
     */
    async findStaff(actor: Actor, ref: number | string) {
      if (actor.role === 'customer') throw forbidden('Only staff can look up colleagues');
      const staff = membersOf(db, actor.organizationId).where('m.role', '!=', 'customer');
      const text = String(ref).trim();
      const byId = /^#?(\d+)$/.exec(text);
      let found: MemberRow[];
      if (byId) found = await staff.where('m.user_id', '=', Number(byId[1])).execute();
      else {
        const key = text.toLowerCase();
        const all = await staff.orderBy('m.user_id').execute();
        found = all.filter((m) => m.email === key || m.name.toLowerCase() === key);
        if (found.length === 0)
          found = all.filter((m) =>
            m.name
              .toLowerCase()
              .split(/\s+/)
              .some((w) => w.startsWith(key)),
          );
      }
      if (found.length === 0) throw notFound('colleague', `"${text}"`);
      if (found.length > 1) {
        throw invalid(`"${text}" could be ${found.map((m) => `${m.name} <${m.email}>`).join(' or ')}`);
      }
      const { user_id, name, email } = found[0]!;
      return { userId: user_id, name, email };
    },

    /** Changes a member's role; the last owner cannot be demoted (409). */
    async update(actor: Actor, userId: number, raw: unknown) {
      requireGrant(actor, 'members', 'update');
      const input = memberPatch.parse(raw);
      const now = isoNow(clock);
      return db.transaction().execute(async (trx) => {
        await lockOrganization(trx, actor.organizationId);
        const before = await load(trx, actor, userId);
        if (before.role === input.role) return before;
        await requireAnotherOwner(trx, actor, before, 'change their role');
        await trx
          .updateTable('memberships')
          .set({ role: input.role })
          .where('organization_id', '=', actor.organizationId)
          .where('user_id', '=', userId)
          .execute();
        const after = { ...before, role: input.role };
        await recordAudit(trx, actor, now, {
          action: 'update',
          entity: 'member',
          entityId: userId,
          before,
          after,
        });
        return after;
      });
    },

    /**
     * Takes someone out of the organization: their API tokens for it stop working, and when it was their last
     * membership their sessions end too, since a session that belongs nowhere can do nothing but fail.
     */
    async remove(actor: Actor, userId: number) {
      requireGrant(actor, 'members', 'delete');
      const now = isoNow(clock);
      await db.transaction().execute(async (trx) => {
        await lockOrganization(trx, actor.organizationId);
        const before = await load(trx, actor, userId);
        await requireAnotherOwner(trx, actor, before, 'remove them');
        await trx
          .deleteFrom('memberships')
          .where('organization_id', '=', actor.organizationId)
          .where('user_id', '=', userId)
          .execute();
        await trx
          .updateTable('api_tokens')
          .set({ revoked_at: now })
          .where('organization_id', '=', actor.organizationId)
          .where('user_id', '=', userId)
          .where('revoked_at', 'is', null)
          .execute();
        const elsewhere = await trx
          .selectFrom('memberships')
          .select('id')
          .where('user_id', '=', userId)
          .limit(1)
          .executeTakeFirst();
        if (!elsewhere) await revokeSessionsOf(trx, userId);
        await recordAudit(trx, actor, now, { action: 'delete', entity: 'member', entityId: userId, before });
      });
    },
  };
}
