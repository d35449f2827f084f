import { createHash } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname } from 'node:path';
import SQLite from 'better-sqlite3';
import { Kysely, Migrator, PostgresDialect, type SqliteDatabase, SqliteDialect, sql } from 'kysely';
import type pg from 'pg';
import { dialectOf, isPostgres } from './dialect.ts';
import { migrations } from './migrations/index.ts';
import { plansRoutingPool } from './plans.ts';
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
const parseInteger = (v: string) => Number.parseInt(v, 10);
const parseDecimal = (v: string) => Number.parseFloat(v);

/** Made once per pool: pg asks for a parser for every column of every result. */
function typesOf(pgModule: typeof pg): pg.CustomTypesConfig {
  return {
    getTypeParser(oid: number, format?: 'text' | 'binary') {
      if (oid === INT8_OID) return parseInteger;
      if (oid === NUMERIC_OID) return parseDecimal;
      return pgModule.types.getTypeParser(oid, format);
    },
  } as pg.CustomTypesConfig;
}

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
 * (a dozen short queries). A named statement is parsed once per connection and planned as src/db/plans.ts
 * describes, so queries with parameters are named after a hash of their text (same name, same text). Texts
 * that vary with their input (batch inserts, long `in` lists) have many parameters, more than our fixed texts
 * (the statistics summary has 31), and run unnamed, parsed per call but sharing that cost among their rows;
 * each connection also keeps a bounded number, so odd texts cannot grow the server's memory without limit.
 * Queries without parameters (begin, commit) keep the simple protocol.
 *
 * A prepared `select *` fails once its table gains a column ("cached plan must not change result type"),
 * which a rolling upgrade does to processes still running: the statement is then prepared afresh under a
 * new name, at once when no transaction is open (a failed statement aborts one, so there it fails once).
 */
const PLAN_CHANGED = 'cached plan must not change result type';

function statementNamingClient(
  base: typeof pg.Client,
  opts = { perConnection: 300, maxParameters: 48 },
): typeof pg.Client {
  const hashes = new Map<string, string>();
  const hashOf = (text: string) => {
    let hash = hashes.get(text);
    if (hash === undefined) {
      hash = createHash('sha1').update(text).digest('base64url');
      if (hashes.size >= 5_000) hashes.clear();
      hashes.set(text, hash);
    }
    return hash;
  };
  return class NamingClient extends base {
    readonly #prepared = new Set<string>();
    /** Statements whose plan went stale, with how many times: the suffix of their next name. */
    readonly #renamed = new Map<string, number>();
    #inTransaction = false;

    // biome-ignore lint/suspicious/noExplicitAny: pg's query() has a dozen overloads; this one is Kysely's call.
    override query(config: any, values?: any, callback?: any): any {
      if (typeof config === 'string' && callback === undefined) {
        if (/^\s*(begin|start transaction)\b/i.test(config)) this.#inTransaction = true;
        else if (/^\s*(commit|rollback)\b(?!\s+to\b)/i.test(config)) this.#inTransaction = false;
        if (Array.isArray(values) && values.length > 0 && values.length <= opts.maxParameters) {
          return this.#named(config, values, true);
        }
      }
      return super.query(config, values, callback);
    }

    async #named(text: string, values: unknown[], mayRetry: boolean): Promise<unknown> {
      const hash = hashOf(text);
      const name = `parley_${hash}_${this.#renamed.get(hash) ?? 0}`;
      if (!this.#prepared.has(name) && this.#prepared.size >= opts.perConnection) {
        return super.query(text, values);
      }
      this.#prepared.add(name);
      try {
        return await super.query({ name, text, values });
      } catch (error) {
        if (!(error instanceof Error) || !error.message.includes(PLAN_CHANGED)) throw error;
        this.#renamed.set(hash, (this.#renamed.get(hash) ?? 0) + 1);
        if (!mayRetry || this.#inTransaction) throw error;
        return this.#named(text, values, false);
      }
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
  const Client = statementNamingClient(pgModule.Client);
  const types = typesOf(pgModule);
  const poolOf = (max: number, settings: string[]) => {
    const pool = new pgModule.Pool({
      Client,
      connectionString: target.url,
      max,
      types,
      ...(settings.length > 0 ? { options: settings.map((s) => `-c ${s}`).join(' ') } : {}),
    });
    // A dropped connection (e.g. a database restart) must not crash the process; the next query reconnects.
    // The pool handles the error of an idle connection; one checked out between two queries emits it on the
    // client, where nobody would be listening, so every client gets a listener of its own too. The query in
    // progress fails on its own, and the broken client is discarded when it goes back to the pool.
    pool.on('error', () => {});
    pool.on('connect', (client) => client.on('error', () => {}));
    return pool;
  };
  const searchPath = target.schema ? [`search_path=${target.schema}`] : [];
  // Lists are short and far fewer at once than the statements of everything else.
  const pool = plansRoutingPool(
    poolOf(10, searchPath),
    poolOf(5, ['plan_cache_mode=force_custom_plan', ...searchPath]),
  );
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
