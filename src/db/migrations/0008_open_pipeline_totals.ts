import { type Kysely, sql } from 'kysely';
import { isPostgres } from '../dialect.ts';

/**
 * The open pipeline (count and value of open deals per stage and currency) is on every dashboard, and
 * summing it from the deals themselves reads every open deal: 0.2–0.4 s at a million. The database keeps
 * the sums instead, per assignee so that an employee who sees only their own deals gets theirs, and
 * triggers keep them right on every insert, update and delete, whichever code path writes the deal.
 *
 * Unassigned deals count under assignee 0. Subtractions only update existing rows, never create one, so a
 * cascade that deletes an organization's deals cannot trip over totals removed before them.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('deal_pipeline_totals')
    .addColumn('organization_id', 'integer', (c) => c.notNull())
    .addColumn('stage_id', 'integer', (c) => c.notNull())
    .addColumn('currency', 'text', (c) => c.notNull())
    .addColumn('assigned_to', 'integer', (c) => c.notNull())
    .addColumn('open_count', 'bigint', (c) => c.notNull())
    .addColumn('open_value', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('deal_pipeline_totals_pk', [
      'organization_id',
      'assigned_to',
      'stage_id',
      'currency',
    ])
    .execute();

  await sql`
    insert into deal_pipeline_totals (organization_id, stage_id, currency, assigned_to, open_count, open_value)
    select organization_id, stage_id, currency, coalesce(assigned_to, 0), count(*), sum(value)
    from deals where status = 'open'
    group by organization_id, stage_id, currency, coalesce(assigned_to, 0)`.execute(db);

  if (isPostgres(db)) await postgresTriggers(db);
  else await sqliteTriggers(db);
}

const add = (row: 'new') => sql`
  insert into deal_pipeline_totals (organization_id, stage_id, currency, assigned_to, open_count, open_value)
  values (${sql.raw(row)}.organization_id, ${sql.raw(row)}.stage_id, ${sql.raw(row)}.currency,
          coalesce(${sql.raw(row)}.assigned_to, 0), 1, ${sql.raw(row)}.value)
  on conflict (organization_id, assigned_to, stage_id, currency)
  do update set open_count = deal_pipeline_totals.open_count + 1,
                open_value = deal_pipeline_totals.open_value + excluded.open_value`;

const subtract = (row: 'old') => sql`
  update deal_pipeline_totals
  set open_count = open_count - 1, open_value = open_value - ${sql.raw(row)}.value
  where organization_id = ${sql.raw(row)}.organization_id and assigned_to = coalesce(${sql.raw(row)}.assigned_to, 0)
    and stage_id = ${sql.raw(row)}.stage_id and currency = ${sql.raw(row)}.currency`;

async function sqliteTriggers(db: Kysely<any>): Promise<void> {
  await sql`create trigger deals_totals_insert after insert on deals when new.status = 'open'
    begin ${add('new')}; end`.execute(db);
  await sql`create trigger deals_totals_delete after delete on deals when old.status = 'open'
    begin ${subtract('old')}; end`.execute(db);
  // Two triggers for an update, in creation order: the old row leaves the totals, then the new one joins.
  await sql`create trigger deals_totals_update_old
    after update of organization_id, stage_id, currency, assigned_to, value, status on deals
    when old.status = 'open'
    begin ${subtract('old')}; end`.execute(db);
  await sql`create trigger deals_totals_update_new
    after update of organization_id, stage_id, currency, assigned_to, value, status on deals
    when new.status = 'open'
    begin ${add('new')}; end`.execute(db);
}

async function postgresTriggers(db: Kysely<any>): Promise<void> {
  await sql`
    create function deals_pipeline_totals() returns trigger language plpgsql as $$
    begin
      if tg_op in ('UPDATE', 'DELETE') and old.status = 'open' then
        ${subtract('old')};
      end if;
      if tg_op in ('INSERT', 'UPDATE') and new.status = 'open' then
        ${add('new')};
      end if;
      return null;
    end $$`.execute(db);
  await sql`
    create trigger deals_pipeline_totals
    after insert or delete or update of organization_id, stage_id, currency, assigned_to, value, status
    on deals for each row execute function deals_pipeline_totals()`.execute(db);
}

export async function down(): Promise<void> {
  throw new Error('Parley migrations are forward-only; restore a backup to go back.');
}
