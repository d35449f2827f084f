import { hashPassword } from '../auth/passwords.ts';
import type { Db } from '../db/index.ts';
import { DEFAULT_ORGANIZATION_SETTINGS, type OrganizationSettings, type Role } from '../domain/actor.ts';
import { conflict } from '../domain/errors.ts';
import { isoNow } from '../domain/time.ts';
import { DEFAULT_STAGES } from '../domain/vocabulary.ts';
import type { CrmDeps } from './deps.ts';

/**
 * Operations that run before any actor exists: creating users and organizations from the CLI, the seed
 * and tests. People acting inside an organization go through the services instead.
 */

/** Creates a user with a unique email (409 when taken); without a password they cannot sign in yet. */
export async function createUser(
  db: Db,
  input: { email: string; name: string; password?: string | null },
  at: string,
): Promise<number> {
  const email = input.email.trim().toLowerCase();
  const existing = await db.selectFrom('users').select('id').where('email', '=', email).executeTakeFirst();
  if (existing) throw conflict(`a user with email ${email} already exists`);
  const row = await db
    .insertInto('users')
    .values({
      email,
      name: input.name.trim(),
      password_hash: input.password ? await hashPassword(input.password) : null,
      locked_until: null,
      created_at: at,
      updated_at: at,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

/** Creates an organization with its default pipeline and stages (409 when the slug is taken). */
export async function createOrganization(
  db: Db,
  input: { slug: string; name: string; settings?: Partial<OrganizationSettings> },
  at: string,
): Promise<number> {
  const slug = input.slug.trim().toLowerCase();
  if (!/^[a-z0-9][a-z0-9-]{1,62}$/.test(slug)) throw conflict(`"${slug}" is not a valid organization slug`);
  return db.transaction().execute(async (trx) => {
    if (await organizationIdBySlug(trx, slug)) {
      throw conflict(`an organization with slug ${slug} already exists`);
    }
    const org = await trx
      .insertInto('organizations')
      .values({
        slug,
        name: input.name.trim(),
        settings: JSON.stringify({ ...DEFAULT_ORGANIZATION_SETTINGS, ...input.settings }),
        created_at: at,
        updated_at: at,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    const pipeline = await trx
      .insertInto('pipelines')
      .values({ organization_id: org.id, name: 'Sales', is_default: 1, created_at: at, updated_at: at })
      .returning('id')
      .executeTakeFirstOrThrow();
    await trx
      .insertInto('pipeline_stages')
      .values(
        DEFAULT_STAGES.map((s, i) => ({
          organization_id: org.id,
          pipeline_id: pipeline.id,
          name: s.name,
          position: i + 1,
          probability: s.probability,
          outcome: s.outcome,
        })),
      )
      .execute();
    return org.id;
  });
}

/** Makes a user a member with a role, or changes their role when they already are one. */
export async function addMembership(db: Db, userId: number, organizationId: number, role: Role, at: string) {
  await db
    .insertInto('memberships')
    .values({ user_id: userId, organization_id: organizationId, role, created_at: at })
    .onConflict((oc) => oc.columns(['user_id', 'organization_id']).doUpdateSet({ role }))
    .execute();
}

async function organizationIdBySlug(db: Db, slug: string): Promise<number | undefined> {
  const row = await db.selectFrom('organizations').select('id').where('slug', '=', slug).executeTakeFirst();
  return row?.id;
}

/** The organization with a slug, created with `name` when there is none yet. */
export async function ensureOrganization(
  db: Db,
  input: { slug: string; name: string },
  at: string,
): Promise<number> {
  return (await organizationIdBySlug(db, input.slug)) ?? createOrganization(db, input, at);
}

/** The operator's setup work, with no actor: for the CLI. */
export function bootstrapService({ db, clock }: CrmDeps) {
  return {
    /** A user who belongs to an organization (created when missing) with a role. */
    async addUser(input: {
      email: string;
      name: string;
      password: string;
      org: string;
      orgName?: string | undefined;
      role: Role;
    }): Promise<number> {
      const at = isoNow(clock);
      const orgId = await ensureOrganization(db, { slug: input.org, name: input.orgName ?? input.org }, at);
      const userId = await createUser(db, input, at);
      await addMembership(db, userId, orgId, input.role, at);
      return userId;
    },
  };
}
