import { createHash } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname } from 'node:path';
import SQLite from 'better-sqlite3';
import { Kysely, Migrator, PostgresDialect, type SqliteDatabase, SqliteDialect, sql } from 'kysely';
import type pg from 'pg';
import { dialectOf, isPostgres } from './dialect.ts';
import { migrations } from './migrations/index.ts';
import type { Database } from './schema.ts';

export type Db = Kysely<Database>;
export type DatabaseTarget =
  | { kind: 'sqlite'; file: string }
  | { kind: 'postgres'; url: string; schema?: string };

// pg is loaded only when a PostgreSQL database is opened, so SQLite installs do not pay for it at start.
const loadPg = (): typeof pg => createRequire(import.meta.url)('pg');

const INT8_OID = 20;
const NUMERIC_OID = 1700;

/**
 * pg returns int8 and numeric as strings to avoid precision loss. Our integers (ids, counts, money in
 * minor units) stay far below 2^53, so they are read as numbers, as SQLite returns them.
 */
const pgTypes = {
  getTypeParser(oid: number, format?: 'text' | 'binary') {
    if (oid === INT8_OID) return (v: string) => Number.parseInt(v, 10);
    if (oid === NUMERIC_OID) return (v: string) => Number.parseFloat(v);
    return loadPg().types.getTypeParser(oid, format);
  },
} as pg.CustomTypesConfig;

/**
 * Kysely prepares every query anew; better-sqlite3 can run a prepared statement again, which skips parsing and
 * planning (a third of the database time of a bot turn). Queries come from a fixed set in the code, so a
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

/**
 * PostgreSQL parses and plans an unnamed statement on every call, which was most of its CPU in a bot turn
 * (a dozen short queries). A named statement is parsed once per connection and its plan reused, so queries
 * with parameters are named after a hash of their text (same name, same text). Each connection keeps a
 * bounded number, so odd texts (long `in` lists) cannot grow the server's memory without limit; beyond it
 * they run unnamed as before. Queries without parameters (begin, commit) keep the cheaper simple protocol.
 */
function statementNamingClient(base: typeof pg.Client, perConnection = 500): typeof pg.Client {
  const names = new Map<string, string>();
  const nameOf = (text: string) => {
    let name = names.get(text);
    if (name === undefined) {
      name = `parley_${createHash('sha1').update(text).digest('base64url')}`;
      if (names.size >= 5_000) names.clear();
      names.set(text, name);
    }
    return name;
  };
  return class NamingClient extends base {
    readonly #prepared = new Set<string>();
    // biome-ignore lint/suspicious/noExplicitAny: pg's query() has a dozen overloads; this one is Kysely's call.
    override query(config: any, values?: any, callback?: any): any {
      if (
        typeof config === 'string' &&
        Array.isArray(values) &&
        values.length > 0 &&
        callback === undefined
      ) {
        const name = nameOf(config);
        if (this.#prepared.has(name) || this.#prepared.size < perConnection) {
          this.#prepared.add(name);
          return super.query({ name, text: config, values });
        }
      }
      return super.query(config, values, callback);
    }
  } as typeof pg.Client;
}

export function openDatabase(target: DatabaseTarget): Db {
  if (target.kind === 'sqlite') {
    if (target.file !== ':memory:') mkdirSync(dirname(target.file), { recursive: true });
    const sqlite = new SQLite(target.file);
    sqlite.pragma('journal_mode = WAL');
    sqlite.pragma('foreign_keys = ON');
    sqlite.pragma('busy_timeout = 5000');
    sqlite.pragma('synchronous = NORMAL');
    return new Kysely<Database>({ dialect: new SqliteDialect({ database: reusingStatements(sqlite) }) });
  }
  const pgModule = loadPg();
  const pool = new pgModule.Pool({
    Client: statementNamingClient(pgModule.Client),
    connectionString: target.url,
    max: 10,
    types: pgTypes,
    ...(target.schema ? { options: `-c search_path=${target.schema}` } : {}),
  });
  // A dropped connection (e.g. a database restart) must not crash the process; the next query reconnects.
  // The pool handles the error of an idle connection; one checked out between two queries emits it on the
  // client, where nobody would be listening, so every client gets a listener of its own too. The query in
  // progress fails on its own, and the broken client is discarded when it goes back to the pool.
  pool.on('error', () => {});
  pool.on('connect', (client) => client.on('error', () => {}));
  return new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
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
