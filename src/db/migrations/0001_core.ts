import { type CreateTableBuilder, type Kysely, sql } from 'kysely';
import { isPostgres } from '../dialect.ts';

// Migrations are written against an untyped schema so they stay valid as the table types change.

type Builder = CreateTableBuilder<string, any>;

export async function up(db: Kysely<any>): Promise<void> {
  const pg = isPostgres(db);
  // Search keys compare byte-wise on PostgreSQL too, so one ordinary index serves both prefix search (a range
  // on the key) and ordering by it, whatever the database's default collation is.
  const key = pg ? sql`text collate "C"` : 'text';
  const table = (name: string): Builder =>
    (pg
      ? db.schema.createTable(name).addColumn('id', 'serial', (c) => c.primaryKey())
      : db.schema
          .createTable(name)
          .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())) as unknown as Builder;
  const ref = (target: string, onDelete: 'cascade' | 'set null' = 'set null') =>
    ((c: any) => c.references(`${target}.id`).onDelete(onDelete)) as never;
  const org = (b: Builder) =>
    b.addColumn('organization_id', 'integer', (c) =>
      c.notNull().references('organizations.id').onDelete('cascade'),
    );
  const timestamps = (b: Builder) =>
    b.addColumn('created_at', 'text', (c) => c.notNull()).addColumn('updated_at', 'text', (c) => c.notNull());
  const money = 'bigint';

  await timestamps(
    table('users')
      .addColumn('email', 'text', (c) => c.notNull().unique())
      .addColumn('name', 'text', (c) => c.notNull())
      .addColumn('password_hash', 'text')
      .addColumn('failed_login_count', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('locked_until', 'text'),
  ).execute();

  await timestamps(
    table('organizations')
      .addColumn('slug', 'text', (c) => c.notNull().unique())
      .addColumn('name', 'text', (c) => c.notNull())
      .addColumn('settings', 'text', (c) => c.notNull().defaultTo('{}')),
  ).execute();

  await org(
    table('memberships').addColumn('user_id', 'integer', (c) =>
      c.notNull().references('users.id').onDelete('cascade'),
    ),
  )
    .addColumn('role', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addUniqueConstraint('memberships_user_org', ['user_id', 'organization_id'])
    .execute();
  await db.schema
    .createIndex('memberships_org')
    .on('memberships')
    .columns(['organization_id', 'role'])
    .execute();

  await table('sessions')
    .addColumn('token_hash', 'text', (c) => c.notNull().unique())
    .addColumn('user_id', 'integer', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('expires_at', 'text', (c) => c.notNull())
    .addColumn('last_used_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('sessions_user').on('sessions').column('user_id').execute();

  await org(
    table('api_tokens').addColumn('user_id', 'integer', (c) =>
      c.notNull().references('users.id').onDelete('cascade'),
    ),
  )
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('token_hash', 'text', (c) => c.notNull().unique())
    .addColumn('token_prefix', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('last_used_at', 'text')
    .addColumn('expires_at', 'text')
    .addColumn('revoked_at', 'text')
    .execute();
  await db.schema.createIndex('api_tokens_user').on('api_tokens').column('user_id').execute();

  await org(table('invitations'))
    .addColumn('email', 'text', (c) => c.notNull())
    .addColumn('role', 'text', (c) => c.notNull())
    .addColumn('token_hash', 'text', (c) => c.notNull().unique())
    .addColumn('invited_by', 'integer', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('expires_at', 'text', (c) => c.notNull())
    .addColumn('accepted_at', 'text')
    .addColumn('revoked_at', 'text')
    .execute();
  await db.schema
    .createIndex('invitations_org')
    .on('invitations')
    .columns(['organization_id', 'created_at'])
    .execute();

  await timestamps(
    org(table('customers'))
      .addColumn('kind', 'text', (c) => c.notNull())
      .addColumn('name', 'text', (c) => c.notNull())
      .addColumn('name_key', key, (c) => c.notNull())
      .addColumn('company_name', 'text')
      .addColumn('email', key)
      .addColumn('phone', 'text')
      .addColumn('address_line1', 'text')
      .addColumn('address_line2', 'text')
      .addColumn('city', 'text')
      .addColumn('region', 'text')
      .addColumn('postal_code', 'text')
      .addColumn('country', 'text')
      .addColumn('status', 'text', (c) => c.notNull())
      .addColumn('source', 'text')
      .addColumn('tags', 'text', (c) => c.notNull().defaultTo('[]'))
      .addColumn('notes', 'text')
      .addColumn('assigned_to', 'integer', ref('users'))
      .addColumn('portal_user_id', 'integer', ref('users'))
      .addColumn('created_by', 'integer', ref('users')),
  ).execute();

  await timestamps(
    org(table('leads'))
      .addColumn('name', 'text', (c) => c.notNull())
      .addColumn('name_key', key, (c) => c.notNull())
      .addColumn('company', 'text')
      .addColumn('email', key)
      .addColumn('phone', 'text')
      .addColumn('source', 'text', (c) => c.notNull())
      .addColumn('status', 'text', (c) => c.notNull())
      .addColumn('score', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('estimated_value', money)
      .addColumn('currency', 'text', (c) => c.notNull())
      .addColumn('notes', 'text')
      .addColumn('assigned_to', 'integer', ref('users'))
      .addColumn('converted_customer_id', 'integer', ref('customers'))
      .addColumn('converted_deal_id', 'integer')
      .addColumn('converted_at', 'text')
      .addColumn('created_by', 'integer', ref('users')),
  ).execute();

  await timestamps(
    org(table('pipelines'))
      .addColumn('name', 'text', (c) => c.notNull())
      .addColumn('is_default', 'integer', (c) => c.notNull().defaultTo(0)),
  ).execute();

  await org(table('pipeline_stages'))
    .addColumn('pipeline_id', 'integer', (c) => c.notNull().references('pipelines.id').onDelete('cascade'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('position', 'integer', (c) => c.notNull())
    .addColumn('probability', 'integer', (c) => c.notNull())
    .addColumn('outcome', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('pipeline_stages_pipeline')
    .on('pipeline_stages')
    .columns(['pipeline_id', 'position'])
    .execute();

  await timestamps(
    org(table('deals'))
      .addColumn('title', 'text', (c) => c.notNull())
      .addColumn('title_key', key, (c) => c.notNull())
      .addColumn('value', money, (c) => c.notNull().defaultTo(0))
      .addColumn('currency', 'text', (c) => c.notNull())
      .addColumn('pipeline_id', 'integer', (c) => c.notNull().references('pipelines.id'))
      .addColumn('stage_id', 'integer', (c) => c.notNull().references('pipeline_stages.id'))
      .addColumn('probability', 'integer', (c) => c.notNull())
      .addColumn('expected_close_date', 'text')
      .addColumn('customer_id', 'integer', ref('customers'))
      .addColumn('lead_id', 'integer', ref('leads'))
      .addColumn('assigned_to', 'integer', ref('users'))
      .addColumn('priority', 'text', (c) => c.notNull())
      .addColumn('status', 'text', (c) => c.notNull())
      .addColumn('close_reason', 'text')
      .addColumn('closed_at', 'text')
      .addColumn('notes', 'text')
      .addColumn('created_by', 'integer', ref('users')),
  ).execute();

  await org(table('deal_stage_history'))
    .addColumn('deal_id', 'integer', (c) => c.notNull().references('deals.id').onDelete('cascade'))
    .addColumn('from_stage_id', 'integer')
    .addColumn('to_stage_id', 'integer', (c) => c.notNull())
    .addColumn('changed_by', 'integer', ref('users'))
    .addColumn('changed_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('deal_stage_history_deal')
    .on('deal_stage_history')
    .columns(['deal_id', 'changed_at'])
    .execute();

  await timestamps(
    org(table('issues'))
      .addColumn('number', key, (c) => c.notNull())
      .addColumn('title', 'text', (c) => c.notNull())
      .addColumn('title_key', key, (c) => c.notNull())
      .addColumn('description', 'text')
      .addColumn('priority', 'text', (c) => c.notNull())
      .addColumn('category', 'text', (c) => c.notNull())
      .addColumn('status', 'text', (c) => c.notNull())
      .addColumn('customer_id', 'integer', ref('customers'))
      .addColumn('raised_by', 'integer', ref('users'))
      .addColumn('assigned_to', 'integer', ref('users'))
      .addColumn('resolution', 'text')
      .addColumn('resolved_at', 'text')
      .addColumn('created_by', 'integer', ref('users'))
      .addUniqueConstraint('issues_org_number', ['organization_id', 'number']),
  ).execute();

  await org(table('issue_comments'))
    .addColumn('issue_id', 'integer', (c) => c.notNull().references('issues.id').onDelete('cascade'))
    .addColumn('author_id', 'integer', ref('users'))
    .addColumn('body', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('issue_comments_issue')
    .on('issue_comments')
    .columns(['issue_id', 'created_at'])
    .execute();

  await timestamps(
    org(table('orders'))
      .addColumn('number', key, (c) => c.notNull())
      .addColumn('customer_id', 'integer', ref('customers'))
      .addColumn('deal_id', 'integer', ref('deals'))
      .addColumn('status', 'text', (c) => c.notNull())
      .addColumn('currency', 'text', (c) => c.notNull())
      .addColumn('subtotal', money, (c) => c.notNull())
      .addColumn('discount', money, (c) => c.notNull())
      .addColumn('tax_rate_bp', 'integer', (c) => c.notNull())
      .addColumn('tax', money, (c) => c.notNull())
      .addColumn('total', money, (c) => c.notNull())
      .addColumn('order_date', 'text', (c) => c.notNull())
      .addColumn('notes', 'text')
      .addColumn('assigned_to', 'integer', ref('users'))
      .addColumn('created_by', 'integer', ref('users'))
      .addUniqueConstraint('orders_org_number', ['organization_id', 'number']),
  ).execute();

  await org(table('order_items'))
    .addColumn('order_id', 'integer', (c) => c.notNull().references('orders.id').onDelete('cascade'))
    .addColumn('position', 'integer', (c) => c.notNull())
    .addColumn('description', 'text', (c) => c.notNull())
    .addColumn('quantity', 'integer', (c) => c.notNull())
    .addColumn('unit_price', money, (c) => c.notNull())
    .addColumn('line_total', money, (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('order_items_order')
    .on('order_items')
    .columns(['order_id', 'position'])
    .execute();

  await timestamps(
    org(table('payments'))
      .addColumn('number', key, (c) => c.notNull())
      .addColumn('order_id', 'integer', ref('orders'))
      .addColumn('customer_id', 'integer', ref('customers'))
      .addColumn('amount', money, (c) => c.notNull())
      .addColumn('currency', 'text', (c) => c.notNull())
      .addColumn('method', 'text', (c) => c.notNull())
      .addColumn('direction', 'text', (c) => c.notNull())
      .addColumn('status', 'text', (c) => c.notNull())
      .addColumn('paid_at', 'text', (c) => c.notNull())
      .addColumn('reference', 'text')
      .addColumn('notes', 'text')
      .addColumn('assigned_to', 'integer', ref('users'))
      .addColumn('created_by', 'integer', ref('users'))
      .addUniqueConstraint('payments_org_number', ['organization_id', 'number']),
  ).execute();

  await timestamps(
    org(table('activities'))
      .addColumn('type', 'text', (c) => c.notNull())
      .addColumn('subject', 'text', (c) => c.notNull())
      .addColumn('body', 'text')
      .addColumn('customer_id', 'integer', ref('customers', 'cascade'))
      .addColumn('lead_id', 'integer', ref('leads', 'cascade'))
      .addColumn('deal_id', 'integer', ref('deals', 'cascade'))
      .addColumn('assigned_to', 'integer', ref('users'))
      .addColumn('due_at', 'text')
      .addColumn('done_at', 'text')
      .addColumn('created_by', 'integer', ref('users')),
  ).execute();

  await org(table('audit_log'))
    .addColumn('actor_user_id', 'integer', ref('users'))
    .addColumn('via', 'text', (c) => c.notNull())
    .addColumn('model', 'text')
    .addColumn('action', 'text', (c) => c.notNull())
    .addColumn('entity', 'text', (c) => c.notNull())
    .addColumn('entity_id', 'integer')
    .addColumn('before', 'text')
    .addColumn('after', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('audit_log_org_time')
    .on('audit_log')
    .columns(['organization_id', 'created_at'])
    .execute();
  await db.schema
    .createIndex('audit_log_entity')
    .on('audit_log')
    .columns(['organization_id', 'entity', 'entity_id'])
    .execute();

  await db.schema
    .createTable('number_sequences')
    .addColumn('organization_id', 'integer', (c) =>
      c.notNull().references('organizations.id').onDelete('cascade'),
    )
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('year', 'integer', (c) => c.notNull())
    .addColumn('last_value', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('number_sequences_pk', ['organization_id', 'kind', 'year'])
    .execute();

  // List pages sort by a column within an organization (optionally narrowed to an assignee) and page by id,
  // so each sortable list gets (organization_id, column, id) and (organization_id, assigned_to, column, id).
  const listIndexes: Record<string, string[]> = {
    customers: ['created_at', 'name_key', 'updated_at'],
    leads: ['created_at', 'name_key', 'updated_at', 'estimated_value'],
    deals: ['created_at', 'title_key', 'updated_at', 'value', 'expected_close_date'],
    issues: ['created_at', 'title_key', 'updated_at'],
    orders: ['created_at', 'order_date', 'total'],
    payments: ['created_at', 'paid_at', 'amount'],
    activities: ['created_at', 'due_at'],
  };
  for (const [name, columns] of Object.entries(listIndexes)) {
    for (const column of columns) {
      await db.schema
        .createIndex(`${name}_org_${column}`)
        .on(name)
        .columns(['organization_id', column, 'id'])
        .execute();
      await db.schema
        .createIndex(`${name}_org_assigned_${column}`)
        .on(name)
        .columns(['organization_id', 'assigned_to', column, 'id'])
        .execute();
    }
  }
  await db.schema.createIndex('customers_portal_user').on('customers').columns(['portal_user_id']).execute();
  await db.schema
    .createIndex('customers_org_email')
    .on('customers')
    .columns(['organization_id', 'email'])
    .execute();
  await db.schema.createIndex('leads_org_email').on('leads').columns(['organization_id', 'email']).execute();
  await db.schema
    .createIndex('deals_org_stage')
    .on('deals')
    .columns(['organization_id', 'stage_id', 'id'])
    .execute();
  await db.schema
    .createIndex('deals_org_status_closed')
    .on('deals')
    .columns(['organization_id', 'status', 'closed_at'])
    .execute();
  await db.schema.createIndex('deals_customer').on('deals').columns(['customer_id']).execute();
  await db.schema
    .createIndex('issues_org_status')
    .on('issues')
    .columns(['organization_id', 'status', 'priority'])
    .execute();
  await db.schema.createIndex('issues_customer').on('issues').columns(['customer_id']).execute();
  await db.schema.createIndex('orders_customer').on('orders').columns(['customer_id']).execute();
  await db.schema.createIndex('payments_order').on('payments').columns(['order_id']).execute();
  await db.schema.createIndex('payments_customer').on('payments').columns(['customer_id']).execute();
  await db.schema.createIndex('activities_customer').on('activities').columns(['customer_id']).execute();
  await db.schema.createIndex('activities_lead').on('activities').columns(['lead_id']).execute();
  await db.schema.createIndex('activities_deal').on('activities').columns(['deal_id']).execute();
}

export async function down(): Promise<void> {
  throw new Error('Parley migrations are forward-only; restore a backup to go back.');
}
