import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { sql } from 'kysely';
import { type Db, migrateToLatest, openDatabase } from '../../src/db/index.ts';

/**
 * A migrated PostgreSQL database that test databases are copied from (`CREATE DATABASE … TEMPLATE`): a copy
 * takes a fraction of a second where running every migration takes seconds, and suites open dozens.
 */

const SRC = join(import.meta.dirname, '..', '..', 'src');
const PREFIX = 'parley_test_tmpl_';
/** Any fixed number: the advisory lock that lets one process at a time build a template. */
const BUILD_LOCK = 727_001;
const KEEP_MS = 24 * 3600_000;

/** Migrations may import any module, so the whole source names the template: an edit makes a new one. */
function sourceHash(): string {
  const hash = createHash('sha256');
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true }).sort((a, b) =>
      a.name < b.name ? -1 : 1,
    )) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      else {
        hash.update(path.slice(SRC.length));
        hash.update(readFileSync(path));
      }
    }
  };
  walk(SRC);
  return hash.digest('hex').slice(0, 16);
}

/** `url` with the database `name` in place of its own. */
export function databaseUrl(url: string, name: string): string {
  const target = new URL(url);
  target.pathname = `/${name}`;
  return target.toString();
}

const exists = async (db: Db, name: string) =>
  (await sql`select 1 from pg_database where datname = ${name}`.execute(db)).rows.length > 0;

let template: Promise<string> | undefined;

/** The template for the current source on the server `admin` is connected to; built on first need. */
export function migratedTemplate(admin: Db, url: string): Promise<string> {
  template ??= ensureTemplate(admin, url).catch((error) => {
    template = undefined;
    throw error;
  });
  return template;
}

async function ensureTemplate(admin: Db, url: string): Promise<string> {
  const name = `${PREFIX}${sourceHash()}`;
  if (await exists(admin, name)) return name;
  // Advisory locks belong to a session, so the whole build runs on one connection.
  await admin.connection().execute(async (conn) => {
    await sql`select pg_advisory_lock(${BUILD_LOCK})`.execute(conn);
    try {
      if (await exists(conn, name)) return;
      // Built under another name and renamed when complete, so a run killed half way leaves nothing usable.
      const building = `${name}_building`;
      await sql`drop database if exists ${sql.id(building)} with (force)`.execute(conn);
      await sql`create database ${sql.id(building)}`.execute(conn);
      const db = openDatabase({ kind: 'postgres', url: databaseUrl(url, building) });
      try {
        await migrateToLatest(db);
      } finally {
        await db.destroy();
      }
      await sql`alter database ${sql.id(building)} rename to ${sql.id(name)}`.execute(conn);
      await sql.raw(`comment on database "${name}" is '${new Date().toISOString()}'`).execute(conn);
      await dropOldTemplates(conn, name);
    } finally {
      await sql`select pg_advisory_unlock(${BUILD_LOCK})`.execute(conn);
    }
  });
  return name;
}

/** Templates of sources a day old; one still being copied from makes the drop wait, never fail a copy. */
async function dropOldTemplates(conn: Db, current: string): Promise<void> {
  const { rows } = await sql<{ name: string; made: string | null }>`
    select datname as name, shobj_description(oid, 'pg_database') as made from pg_database
    where datname like ${`${PREFIX}%`} and datname <> ${current}`.execute(conn);
  for (const { name, made } of rows) {
    if (made && Date.now() - Date.parse(made) < KEEP_MS) continue;
    await sql`drop database if exists ${sql.id(name)}`.execute(conn).catch(() => undefined);
  }
}
