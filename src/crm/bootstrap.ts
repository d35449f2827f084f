import { hashPassword } from '../auth/passwords.ts';
import type { Db } from '../db/index.ts';
import { DEFAULT_ORGANIZATION_SETTINGS, type OrganizationSettings, type Role } from '../domain/actor.ts';
import { conflict } from '../domain/errors.ts';
import { DEFAULT_STAGES } from '../domain/vocabulary.ts';

/**
 * Operations that run before any actor exists: creating users and organizations from the CLI, the seed
 * and tests. People acting inside an organization go through the services instead.
 */

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

export async function createOrganization(
  db: Db,
  input: { slug: string; name: string; settings?: Partial<OrganizationSettings> },
  at: string,
): Promise<number> {
  const slug = input.slug.trim().toLowerCase();
  if (!/^[a-z0-9][a-z0-9-]{1,62}$/.test(slug)) throw conflict(`"${slug}" is not a valid organization slug`);
  return db.transaction().execute(async (trx) => {
    const existing = await trx
      .selectFrom('organizations')
      .select('id')
      .where('slug', '=', slug)
      .executeTakeFirst();
    if (existing) throw conflict(`an organization with slug ${slug} already exists`);
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

export async function addMembership(db: Db, userId: number, organizationId: number, role: Role, at: string) {
  await db
    .insertInto('memberships')
    .values({ user_id: userId, organization_id: organizationId, role, created_at: at })
    .onConflict((oc) => oc.columns(['user_id', 'organization_id']).doUpdateSet({ role }))
    .execute();
}
