import { type Kysely, PostgresAdapter } from 'kysely';

export type DialectKind = 'sqlite' | 'postgres';

// biome-ignore lint/suspicious/noExplicitAny: works on any schema
export function isPostgres(db: Kysely<any>): boolean {
  return db.getExecutor().adapter instanceof PostgresAdapter;
}

// biome-ignore lint/suspicious/noExplicitAny: works on any schema
export function dialectOf(db: Kysely<any>): DialectKind {
  return isPostgres(db) ? 'postgres' : 'sqlite';
}
