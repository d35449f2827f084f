import { createHash } from 'node:crypto';
import { createRequire } from 'node:module';
import {
  AbortedTransactionError,
  CompiledQuery,
  createQueryId,
  type DatabaseConnection,
  type Dialect,
  type Driver,
  IdentifierNode,
  type Kysely,
  type KyselyPlugin,
  PostgresAdapter,
  PostgresIntrospector,
  PostgresQueryCompiler,
  type QueryCompiler,
  QueryNode,
  type QueryResult,
  RawNode,
  SelectModifierNode,
  SelectQueryNode,
  type TransactionSettings,
} from 'kysely';
import type pg from 'pg';
import { invalid } from '../domain/errors.ts';

/**
 * How Parley talks to PostgreSQL: a Kysely dialect whose driver prepares statements and picks a pool.
 *
 * - **Prepared statements.** PostgreSQL parses and plans an unnamed statement on every call. A statement with
 *   1 to MAX_PARAMETERS parameters is instead prepared under a name made from a hash of its text (same name,
 *   same text), once per connection, up to PER_CONNECTION statements on each; past that, or with no
 *   parameters (begin, commit) or more (batch inserts, long `in` lists, whose text varies with their input),
 *   it runs unnamed.
 * - **Two pools.** PostgreSQL keeps one generic plan for a prepared statement once that is estimated to cost
 *   no more than planning for the values. That suits lookups by key and joins on keys, not lists over skewed
 *   data (one stage holding most deals), where the best plan depends on the values. Selects marked with the
 *   `plannedPerCall` plugin run on connections of a second pool set to `plan_cache_mode=force_custom_plan`;
 *   everything else runs on the first.
 * - **One connection per Kysely connection.** A Kysely connection (a transaction, `db.connection()`) takes a
 *   pool connection lazily, at its first statement, from the pool that statement belongs to; every later
 *   statement, marked or not, runs on that same connection until Kysely releases it. Statements sent at once
 *   before the connection is taken share it.
 * - **Stale plans.** A prepared `select *` fails once its table gains a column ("cached plan must not change
 *   result type"), as in a rolling upgrade. The statement is then prepared afresh under a new name and, outside
 *   a transaction, run again at once; inside one (the failure has aborted it) the error stands. The driver
 *   knows it is in a transaction because Kysely begins, commits and rolls back through its hooks.
 * - **Errors of idle connections** (a database restart) are reported to `onError` rather than crashing the
 *   process; the broken connection is discarded and the next statement reconnects.
 */

/** Statements with more parameters than this vary with their input; our fixed texts have fewer. */
const MAX_PARAMETERS = 48;
/** Named statements kept per connection, so that odd texts cannot grow the server's memory without limit. */
const PER_CONNECTION = 300;
const PLAN_CHANGED = 'cached plan must not change result type';

/**
 * PostgreSQL's text cannot hold U+0000 and fails the statement (and its transaction) with a server error;
 * text from people and clients is refused before it is sent, as input a person can correct.
 */
const holdsNul = (value: unknown): boolean =>
  typeof value === 'string' ? value.includes('\u0000') : Array.isArray(value) && value.some(holdsNul);
const NUL_REFUSED = () => invalid('Text cannot contain the NUL character (U+0000)');

/** The SQL comment a statement planned per call ends with, visible in pg_stat_activity. */
export const PLANNED_PER_CALL = '/* planned per call */';
const marker = SelectModifierNode.createWithExpression(RawNode.createWithSql(PLANNED_PER_CALL));

/** Marks the selects it compiles as planned per call: lists, whose best plan depends on their values. */
export const plannedPerCall: KyselyPlugin = {
  transformQuery: ({ node }) =>
    SelectQueryNode.is(node) ? (QueryNode.cloneWithEndModifier(node, marker) as typeof node) : node,
  transformResult: async ({ result }) => result,
};

const isPlannedPerCall = (query: CompiledQuery): boolean =>
  SelectQueryNode.is(query.query) && (query.query.endModifiers?.includes(marker) ?? false);

export interface PostgresOptions {
  url: string;
  /** The schema to work in (tests run side by side in throwaway schemas). */
  schema?: string;
  /** Told of errors on connections no statement is waiting on. */
  onError: (error: Error) => void;
}

// pg is loaded only when a PostgreSQL database is opened, so SQLite installs do not pay for it at start.
const loadPg = (): typeof pg => createRequire(import.meta.url)('pg');

const INT8_OID = 20;
const NUMERIC_OID = 1700;

/**
 * pg returns int8 and numeric as strings to avoid precision loss. Our integers (ids, counts, money in minor
 * units) stay far below 2^53, so they are read as numbers, as SQLite returns them. Made once per pool: pg asks
 * for a parser for every column of every result.
 */
function typesOf(pgModule: typeof pg): pg.CustomTypesConfig {
  const parseInteger = (v: string) => Number.parseInt(v, 10);
  const parseDecimal = (v: string) => Number.parseFloat(v);
  return {
    getTypeParser(oid: number, format?: 'text' | 'binary') {
      if (oid === INT8_OID) return parseInteger;
      if (oid === NUMERIC_OID) return parseDecimal;
      return pgModule.types.getTypeParser(oid, format);
    },
  } as pg.CustomTypesConfig;
}

/** The statements a pool connection has prepared, and how often each went stale (its next name's suffix). */
interface Prepared {
  names: Set<string>;
  renamed: Map<string, number>;
}

/** Runs statements on pool connections, naming the ones worth preparing. */
class Statements {
  readonly #hashes = new Map<string, string>();
  readonly #prepared = new WeakMap<pg.PoolClient, Prepared>();

  #hashOf(text: string): string {
    let hash = this.#hashes.get(text);
    if (hash === undefined) {
      hash = createHash('sha1').update(text).digest('base64url');
      if (this.#hashes.size >= 5_000) this.#hashes.clear();
      this.#hashes.set(text, hash);
    }
    return hash;
  }

  run(client: pg.PoolClient, text: string, values: unknown[], mayRetry: boolean): Promise<pg.QueryResult> {
    if (values.length === 0 || values.length > MAX_PARAMETERS) return client.query(text, values);
    let prepared = this.#prepared.get(client);
    if (!prepared) {
      prepared = { names: new Set(), renamed: new Map() };
      this.#prepared.set(client, prepared);
    }
    return this.#named(client, prepared, text, values, mayRetry);
  }

  async #named(
    client: pg.PoolClient,
    prepared: Prepared,
    text: string,
    values: unknown[],
    mayRetry: boolean,
  ): Promise<pg.QueryResult> {
    const hash = this.#hashOf(text);
    const name = `parley_${hash}_${prepared.renamed.get(hash) ?? 0}`;
    if (!prepared.names.has(name) && prepared.names.size >= PER_CONNECTION) return client.query(text, values);
    prepared.names.add(name);
    try {
      return await client.query({ name, text, values });
    } catch (error) {
      if (!(error instanceof Error) || !error.message.includes(PLAN_CHANGED)) throw error;
      prepared.renamed.set(hash, (prepared.renamed.get(hash) ?? 0) + 1);
      if (!mayRetry) throw error;
      return this.#named(client, prepared, text, values, false);
    }
  }
}

/** One Kysely connection: a pool connection taken at the first statement, and whether a transaction is open. */
class StatementConnection implements DatabaseConnection {
  // The promise, not the client, so that two first statements could never take two connections.
  #taking: Promise<pg.PoolClient> | null = null;
  inTransaction = false;

  constructor(
    private readonly pools: { reusing: pg.Pool; perCall: pg.Pool },
    private readonly statements: Statements,
  ) {}

  async executeQuery<R>(query: CompiledQuery): Promise<QueryResult<R>> {
    if (query.parameters.some(holdsNul)) throw NUL_REFUSED();
    this.#taking ??= (isPlannedPerCall(query) ? this.pools.perCall : this.pools.reusing).connect();
    try {
      const client = await this.#taking;
      const parameters = [...query.parameters];
      const { command, rowCount, rows } = await this.statements.run(
        client,
        query.sql,
        parameters,
        !this.inTransaction,
      );
      if (command === 'ROLLBACK' || command === 'COMMIT') return { rows: [{ command } as R] };
      const changed =
        command === 'INSERT' || command === 'UPDATE' || command === 'DELETE' || command === 'MERGE';
      return { rows: rows as R[], ...(changed ? { numAffectedRows: BigInt(rowCount ?? 0) } : {}) };
    } catch (error) {
      throw withCallerStack(error);
    }
  }

  // biome-ignore lint/correctness/useYield: streaming is not offered; Kysely asks for the method anyway.
  async *streamQuery<R>(): AsyncIterableIterator<QueryResult<R>> {
    throw new Error('Streaming is not supported by this PostgreSQL driver');
  }

  /** Gives the pool connection back, or discards it when it may be left in a bad state. */
  release(discard = false): void {
    this.#taking?.then(
      (held) => held.release(discard),
      () => {}, // A connection that could not be taken has nothing to give back.
    );
    this.#taking = null;
    this.inTransaction = false;
  }
}

/** pg's errors carry the stack of its socket handler; the caller's is what says which query failed. */
function withCallerStack(error: unknown): unknown {
  const caller = new Error().stack?.split('\n').slice(1).join('\n');
  if (error instanceof Error && error.stack && caller) error.stack += `\n${caller}`;
  return error;
}

/** A savepoint command with its name quoted as an identifier. */
const savepointCommand = (command: string, name: string, compile: QueryCompiler['compileQuery']) =>
  compile(
    RawNode.createWithChildren([RawNode.createWithSql(`${command} `), IdentifierNode.create(name)]),
    createQueryId(),
  );

class StatementDriver implements Driver {
  readonly #statements = new Statements();
  readonly #discard = new WeakSet<StatementConnection>();

  constructor(private readonly pools: { reusing: pg.Pool; perCall: pg.Pool }) {}

  async init(): Promise<void> {}

  async acquireConnection(): Promise<StatementConnection> {
    return new StatementConnection(this.pools, this.#statements);
  }

  async beginTransaction(connection: StatementConnection, settings: TransactionSettings): Promise<void> {
    let text = settings.isolationLevel || settings.accessMode ? 'start transaction' : 'begin';
    if (settings.isolationLevel) text += ` isolation level ${settings.isolationLevel}`;
    if (settings.accessMode) text += ` ${settings.accessMode}`;
    await connection.executeQuery(CompiledQuery.raw(text));
    connection.inTransaction = true;
  }

  async commitTransaction(connection: StatementConnection): Promise<void> {
    try {
      const { rows } = await connection.executeQuery<{ command?: string }>(CompiledQuery.raw('commit'));
      // PostgreSQL completes COMMIT with a ROLLBACK tag when an earlier error left the transaction aborted.
      if (rows[0]?.command === 'ROLLBACK') throw new AbortedTransactionError();
    } finally {
      connection.inTransaction = false;
    }
  }

  async rollbackTransaction(connection: StatementConnection): Promise<void> {
    try {
      await connection.executeQuery(CompiledQuery.raw('rollback'));
    } catch (error) {
      this.#discard.add(connection);
      throw error;
    } finally {
      connection.inTransaction = false;
    }
  }

  async savepoint(connection: StatementConnection, name: string, compile: QueryCompiler['compileQuery']) {
    await connection.executeQuery(savepointCommand('savepoint', name, compile));
  }

  async rollbackToSavepoint(
    connection: StatementConnection,
    name: string,
    compile: QueryCompiler['compileQuery'],
  ) {
    await connection.executeQuery(savepointCommand('rollback to', name, compile));
  }

  async releaseSavepoint(
    connection: StatementConnection,
    name: string,
    compile: QueryCompiler['compileQuery'],
  ) {
    await connection.executeQuery(savepointCommand('release', name, compile));
  }

  async releaseConnection(connection: StatementConnection): Promise<void> {
    connection.release(this.#discard.has(connection));
  }

  async destroy(): Promise<void> {
    await Promise.all([this.pools.reusing.end(), this.pools.perCall.end()]);
  }
}

/** The dialect for a PostgreSQL database: Kysely's compiler and introspection over the driver above. */
export function postgresDialect(opts: PostgresOptions): Dialect {
  const pgModule = loadPg();
  const types = typesOf(pgModule);
  const searchPath = opts.schema ? [`search_path=${opts.schema}`] : [];
  const poolOf = (max: number, settings: string[]) => {
    const pool = new pgModule.Pool({
      connectionString: opts.url,
      max,
      types,
      ...(settings.length > 0 ? { options: settings.map((s) => `-c ${s}`).join(' ') } : {}),
    });
    // A connection's error reaches its own listener whether it sits idle in the pool or is checked out between
    // two statements (where nothing else listens, and an unheard error would end the process); the pool
    // repeats an idle one's error as its own, already reported through the connection's listener.
    pool.on('connect', (client) => client.on('error', opts.onError));
    pool.on('error', () => {});
    return pool;
  };
  // Lists are short and far fewer at once than the statements of everything else.
  const pools = {
    reusing: poolOf(10, searchPath),
    perCall: poolOf(5, ['plan_cache_mode=force_custom_plan', ...searchPath]),
  };
  return {
    createAdapter: () => new PostgresAdapter(),
    createDriver: () => new StatementDriver(pools),
    // biome-ignore lint/suspicious/noExplicitAny: Kysely's dialect interface takes a database of any schema.
    createIntrospector: (db: Kysely<any>) => new PostgresIntrospector(db),
    createQueryCompiler: () => new PostgresQueryCompiler(),
  };
}
