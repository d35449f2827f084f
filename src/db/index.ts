import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import SQLite from 'better-sqlite3';
import { Kysely, Migrator, type SqliteDatabase, SqliteDialect, sql } from 'kysely';
import { dialectOf, isPostgres } from './dialect.ts';
import { migrations } from './migrations/index.ts';
import { postgresDialect } from './postgres.ts';
import type { Database } from './schema.ts';

export type Db = Kysely<Database>;
export type DatabaseTarget =
  | { kind: 'sqlite'; file: string }
  | { kind: 'postgres'; url: string; schema?: string };

/**
 * Kysely prepares every query anew; better-sqlite3 can run a prepared statement again, which skips parsing and
 * planning. Queries come from a fixed set in the code, so a
 * bounded cache holds them all; the least recently used goes first when odd ones (long `in` lists) pile up.
 */
function reusingStatements(sqlite: SQLite.Database, size = 500): SqliteDatabase {
  const statements = new Map<string, SQLite.Statement>();
  return {
    close: () => sqlite.close(),
    prepare(query: string) {
      let statement = statements.get(query);
      if (statement) statements.delete(query);
      else statement = sqlite.prepare(query);
      statements.set(query, statement);
      if (statements.size > size) statements.delete(statements.keys().next().value!);
      return statement;
    },
  };
}

export interface OpenOptions {
  /** Told of errors on PostgreSQL connections no statement waits on (a restart); stderr by default. */
  onError?: (error: Error) => void;
}

const toStderr = (error: Error) => console.error(`database connection error: ${error.message}`);

/** The database at `target`; PostgreSQL statements are prepared and routed as src/db/postgres.ts describes. */
export function openDatabase(target: DatabaseTarget, opts: OpenOptions = {}): Db {
  if (target.kind === 'sqlite') {
    if (target.file !== ':memory:') mkdirSync(dirname(target.file), { recursive: true });
    const sqlite = new SQLite(target.file);
    sqlite.pragma('journal_mode = WAL');
    sqlite.pragma('foreign_keys = ON');
    sqlite.pragma('busy_timeout = 5000');
    sqlite.pragma('synchronous = NORMAL');
    return new Kysely<Database>({ dialect: new SqliteDialect({ database: reusingStatements(sqlite) }) });
  }
  const dialect = postgresDialect({
    url: target.url,
    ...(target.schema ? { schema: target.schema } : {}),
    onError: opts.onError ?? toStderr,
  });
  return new Kysely<Database>({ dialect });
}

/**
 * Migrations may land out of name order when work on several areas merges (0006 before 0005); each one is
 * independent of its neighbours, so the migrator runs whichever are missing rather than refusing. On
 * PostgreSQL the migration tables are looked up in our own schema: introspection sees every schema, and a
 * database holding several (test runs side by side) would otherwise mistake another's tables for ours.
 */
async function newMigrator(db: Db): Promise<Migrator> {
  const schema = isPostgres(db)
    ? (await sql<{ name: string }>`select current_schema() as name`.execute(db)).rows[0]?.name
    : undefined;
  return new Migrator({
    db,
    provider: { getMigrations: async () => migrations },
    allowUnorderedMigrations: true,
    ...(schema ? { migrationTableSchema: schema } : {}),
  });
}

export async function migrateToLatest(db: Db): Promise<{ applied: string[] }> {
  const migrator = await newMigrator(db);
  const { error, results } = await migrator.migrateToLatest();
  if (error) throw error instanceof Error ? error : new Error(String(error));
  return { applied: (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName) };
}

/** True when every known migration has run: what /readyz reports. */
export async function migrationsCurrent(db: Db): Promise<boolean> {
  const migrator = await newMigrator(db);
  const all = await migrator.getMigrations();
  return all.every((m) => m.executedAt !== undefined);
}

export async function ping(db: Db): Promise<void> {
  await sql`select 1`.execute(db);
}

export { dialectOf };
