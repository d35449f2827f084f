import { SingleBar } from 'cli-progress';
import { sql } from 'kysely';
import { addMembership, createUser } from '../crm/bootstrap.ts';
import { isPostgres } from '../db/dialect.ts';
import type { Db } from '../db/index.ts';
import { DomainError } from '../domain/errors.ts';
import { rowSearchTerms } from '../domain/search-text.ts';
import { LEAD_SOURCES, LEAD_STATUSES, PRIORITIES } from '../domain/vocabulary.ts';

/**
 * Large synthetic data for load tests and benchmarks: plain multi-row INSERTs, one transaction per batch.
 * Values come from a seeded generator, so two runs with the same options build the same data.
 */

export interface BulkOptions {
  org: string;
  customers: number;
  leads: number;
  deals: number;
  employees: number;
  progress?: boolean;
  seed?: number;
}

const ROWS_PER_STATEMENT = 1000;
const STATEMENTS_PER_TRANSACTION = 10;
const DAY = 86_400_000;

function random(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const FIRST = [
  'Ava',
  'Liam',
  'Mia',
  'Noah',
  'Zoe',
  'Omar',
  'Ines',
  'Yuki',
  'Lars',
  'Priya',
  'Chen',
  'Sara',
  'Tomas',
  'Nia',
  'Ivan',
  'Leah',
];
const LAST = [
  'Smith',
  'Garcia',
  'Kim',
  'Novak',
  'Silva',
  'Khan',
  'Muller',
  'Rossi',
  'Okafor',
  'Tanaka',
  'Berg',
  'Costa',
  'Ali',
  'Haas',
];
const COMPANY = [
  'Systems',
  'Foods',
  'Logistics',
  'Labs',
  'Studio',
  'Partners',
  'Retail',
  'Health',
  'Energy',
  'Media',
];
const DEAL_WORDS = [
  'Renewal',
  'Expansion',
  'Pilot',
  'Onboarding',
  'Upgrade',
  'Licence',
  'Support plan',
  'Rollout',
];

async function insertBatched(
  db: Db,
  table: 'customers' | 'leads' | 'deals',
  total: number,
  make: (i: number) => Record<string, unknown>,
  bar: SingleBar | null,
): Promise<void> {
  const perTransaction = ROWS_PER_STATEMENT * STATEMENTS_PER_TRANSACTION;
  for (let start = 0; start < total; start += perTransaction) {
    const end = Math.min(total, start + perTransaction);
    await db.transaction().execute(async (trx) => {
      for (let s = start; s < end; s += ROWS_PER_STATEMENT) {
        const rows = [];
        for (let i = s; i < Math.min(end, s + ROWS_PER_STATEMENT); i++) rows.push(make(i));
        await trx
          .insertInto(table)
          .values(rows as never)
          .execute();
      }
    });
    bar?.increment(end - start);
  }
}

/** Seeded randomness and what the row makers draw from it. */
function generator(seed: number, now: number) {
  const rnd = random(seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)]!;
  const instant = (maxDaysAgo: number) => new Date(now - Math.floor(rnd() * maxDaysAgo * DAY)).toISOString();
  return { rnd, pick, instant };
}
type Generator = ReturnType<typeof generator>;

/** The i-th synthetic customer: a business or a person, assigned to one of the employees. */
function customerRow({ rnd, pick, instant }: Generator, orgId: number, employees: number[]) {
  return (i: number) => {
    const business = rnd() < 0.4;
    const name = business ? `${pick(LAST)} ${pick(COMPANY)} ${i}` : `${pick(FIRST)} ${pick(LAST)} ${i}`;
    const created = instant(730);
    const email = `${name.toLowerCase().replace(/\s+/g, '.')}@example.test`;
    return {
      organization_id: orgId,
      kind: business ? 'business' : 'individual',
      name,
      name_key: name.toLowerCase(),
      email,
      search_terms: rowSearchTerms({ name, email }),
      status: 'active',
      source: pick(LEAD_SOURCES),
      tags: '[]',
      assigned_to: pick(employees),
      created_at: created,
      updated_at: created,
    };
  };
}

/** The i-th synthetic lead, in any status but converted. */
function leadRow({ rnd, pick, instant }: Generator, orgId: number, employees: number[]) {
  return (i: number) => {
    const name = `${pick(FIRST)} ${pick(LAST)} ${i}`;
    const created = instant(730);
    const email = `${name.toLowerCase().replace(/\s+/g, '.')}@lead.test`;
    return {
      organization_id: orgId,
      name,
      name_key: name.toLowerCase(),
      email,
      search_terms: rowSearchTerms({ name, email }),
      source: pick(LEAD_SOURCES),
      status: pick(LEAD_STATUSES.filter((s) => s !== 'converted')),
      score: Math.floor(rnd() * 101),
      estimated_value: Math.floor(rnd() * 5_000_000),
      currency: 'USD',
      assigned_to: pick(employees),
      created_at: created,
      updated_at: created,
    };
  };
}

/** The i-th synthetic deal, in a random stage of the default pipeline, for a random existing customer. */
function dealRow(
  { rnd, pick, instant }: Generator,
  orgId: number,
  employees: number[],
  pipeline: { pipelineId: number; stages: { id: number; probability: number; outcome: string }[] },
  customerIds: { lo: unknown; hi: unknown },
) {
  const { stages } = pipeline;
  const lo = Number(customerIds.lo ?? 0);
  const hi = Number(customerIds.hi ?? 0);
  return (i: number) => {
    const stage = pick(stages);
    const title = `${pick(DEAL_WORDS)} ${i}`;
    const created = instant(730);
    const closed = stage.outcome === 'open' ? null : created;
    return {
      organization_id: orgId,
      title,
      title_key: title.toLowerCase(),
      search_terms: rowSearchTerms({ title }),
      value: Math.floor(rnd() * 10_000_000),
      currency: 'USD',
      pipeline_id: pipeline.pipelineId,
      stage_id: stage.id,
      probability: stage.probability,
      customer_id: hi ? lo + Math.floor(rnd() * (hi - lo + 1)) : null,
      assigned_to: pick(employees),
      priority: pick(PRIORITIES),
      status: stage.outcome,
      closed_at: closed,
      created_at: created,
      updated_at: created,
    };
  };
}

/** Adds synthetic customers, leads and deals to an existing organization, with a progress bar if asked. */
export async function seedBulk(
  db: Db,
  opts: BulkOptions,
): Promise<{ customers: number; leads: number; deals: number }> {
  const org = await db
    .selectFrom('organizations')
    .select('id')
    .where('slug', '=', opts.org)
    .executeTakeFirst();
  if (!org)
    throw new DomainError(
      'not_found',
      `organization ${opts.org} not found; run "parley seed" first or pass --org`,
    );
  const orgId = org.id;
  const gen = generator(opts.seed ?? 42, Date.now());

  const employees = await ensureEmployees(db, orgId, opts.org, opts.employees);
  const pipeline = await db
    .selectFrom('pipelines')
    .select('id')
    .where('organization_id', '=', orgId)
    .where('is_default', '=', 1)
    .executeTakeFirstOrThrow();
  const stages = await db
    .selectFrom('pipeline_stages')
    .select(['id', 'probability', 'outcome'])
    .where('pipeline_id', '=', pipeline.id)
    .orderBy('position')
    .execute();

  const bar = opts.progress
    ? new SingleBar({
        format: '  {bar} {percentage}% | {value}/{total} rows | {eta_formatted} left',
        hideCursor: true,
      })
    : null;
  bar?.start(opts.customers + opts.leads + opts.deals, 0);
  try {
    await insertBatched(db, 'customers', opts.customers, customerRow(gen, orgId, employees), bar);
    const customerIds = await db
      .selectFrom('customers')
      .select(({ fn }) => [fn.min('id').as('lo'), fn.max('id').as('hi')])
      .where('organization_id', '=', orgId)
      .executeTakeFirstOrThrow();
    await insertBatched(db, 'leads', opts.leads, leadRow(gen, orgId, employees), bar);
    await insertBatched(
      db,
      'deals',
      opts.deals,
      dealRow(gen, orgId, employees, { pipelineId: pipeline.id, stages }, customerIds),
      bar,
    );
  } finally {
    bar?.stop();
  }
  // Fresh statistics, or the planners pick scans and sorts over the list indexes. On PostgreSQL the vacuum
  // also marks the new pages all-visible, so covering indexes are read without visiting rows.
  await (isPostgres(db) ? sql`vacuum analyze` : sql`analyze`).execute(db);
  return { customers: opts.customers, leads: opts.leads, deals: opts.deals };
}

/** Synthetic employees to spread records over; reused on later runs. */
async function ensureEmployees(db: Db, orgId: number, slug: string, count: number): Promise<number[]> {
  const at = new Date().toISOString();
  const ids: number[] = [];
  for (let i = 1; i <= Math.max(1, count); i++) {
    const email = `bulk-employee-${i}@${slug}.test`;
    const existing = await db.selectFrom('users').select('id').where('email', '=', email).executeTakeFirst();
    const id = existing?.id ?? (await createUser(db, { email, name: `Bulk Employee ${i}` }, at));
    await addMembership(db, id, orgId, 'employee', at);
    ids.push(id);
  }
  return ids;
}
