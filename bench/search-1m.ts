import Database from 'better-sqlite3';
import pg from 'pg';
import { SEARCH_COLUMNS } from '../src/domain/search-text.ts';
import { DEMO_PASSWORD, DEMO_USERS } from '../src/seed/demo.ts';
import { type LatencyResult, load, login, startServerProcess, writeResult } from './lib.ts';
import { type Dataset, DEALS, databaseSizeMiB, seededDatabase } from './seeded.ts';
import { type DatabaseName, wantedDatabases } from './telegram.ts';

/**
 * What search costs at 1,000,000 deals, 200,000 customers and 100,000 leads (issue 20): the global search and
 * a list's `q` for a common word, a rare word, a two-letter prefix and an email domain, through the real
 * HTTP server, one request at a time (what a person typing waits); then what keeping the index adds to a
 * write (renaming a customer, which rewrites its terms, against changing its notes, which does not) and the
 * index's size. Data is seeded once per database with `parley seed` and kept between runs.
 *
 * BENCH_DEALS (default 1,000,000; customers and leads scale with it), BENCH_SECONDS per scenario (default 10),
 * BENCH_DATABASES (sqlite,postgres); the data set's databases are `seeded.ts`'s, named for search.
 */

const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);

/** Its own data set: five times the lists' customers, and leads. */
const SEARCH_DATA: Dataset = {
  sqliteName: `search-${DEALS}`,
  postgresName: 'parley_bench_search',
  customers: DEALS / 5,
  leads: DEALS / 10,
};

/** The words searched for, chosen from what the seed writes (see src/seed/bulk.ts). */
const WORDS = {
  // One deal in eight is a renewal.
  'common word': 'renewal',
  // Deal, customer or lead number 987654 and nothing else.
  'rare word': '987654',
  // The start of Garcia, one name in fourteen.
  'two-letter prefix': 'ga',
  // Every customer's email domain.
  'email domain': 'example.test',
};

/** The list a word is searched in: the one holding the most records it matches. */
const LISTS: Record<keyof typeof WORDS, string> = {
  'common word': 'deals',
  'rare word': 'deals',
  'two-letter prefix': 'customers',
  'email domain': 'customers',
};

async function measure(database: DatabaseName, port: number) {
  const { url, seedSeconds } = await seededDatabase(database, SEARCH_DATA);
  const settleSeconds = await settle(database, url);
  const target = { name: database, url };
  const server = await startServerProcess({ DATABASE_URL: target.url }, port);
  try {
    const owner = DEMO_USERS.find((u) => u.role === 'owner')!;
    const token = await login(server.url, owner.email, DEMO_PASSWORD);
    const headers = { authorization: `Bearer ${token}` };
    const results: Record<string, LatencyResult & { path: string }> = {};
    const run = async (label: string, path: string) => {
      const check = await fetch(`${server.url}${path}`, { headers });
      const body = (await check.json()) as { items?: unknown[] };
      if (!check.ok || !body.items || body.items.length === 0) {
        throw new Error(`${label}: ${check.status} with no rows for ${path}`);
      }
      const r = await load({ url: `${server.url}${path}`, headers, connections: 1, seconds: SECONDS });
      results[label] = { path, ...r };
      console.log(`${target.name.padEnd(8)} ${label.padEnd(44)} p50 ${r.p50} ms  p99 ${r.p99} ms`);
    };
    for (const [kind, word] of Object.entries(WORDS) as [keyof typeof WORDS, string][]) {
      await run(`global search, ${kind} (${word})`, `/api/v1/search?q=${encodeURIComponent(word)}&limit=20`);
      await run(
        `${LISTS[kind]} list q, ${kind} (${word})`,
        `/api/v1/${LISTS[kind]}?q=${encodeURIComponent(word)}&limit=50`,
      );
    }
    const writes = await writeCost(server.url, headers);
    return {
      database: target.name,
      deals: DEALS,
      customers: SEARCH_DATA.customers,
      leads: SEARCH_DATA.leads,
      seedSeconds,
      settleSeconds,
      sizeMiB: await databaseSizeMiB(target.name, target.url),
      indexMiB: target.name === 'sqlite' ? sqliteIndexSize(target.url) : await postgresIndexSize(target.url),
      secondsPerScenario: SECONDS,
      scenarios: results,
      writes,
    };
  } finally {
    await server.stop();
  }
}

/**
 * What an operator does after a bulk load, done before every run so a run does not depend on what came
 * before: FTS5 merges the index's segments (a million single-row inserts leave many, and a common word then
 * reads them all), PostgreSQL gathers the statistics the search reads to tell a common word from a rare one.
 */
async function settle(database: DatabaseName, url: string): Promise<number> {
  const started = performance.now();
  const tables = Object.keys(SEARCH_COLUMNS);
  if (database === 'sqlite') {
    const db = new Database(url.slice('file:'.length));
    try {
      for (const t of tables) db.exec(`insert into ${t}_search(${t}_search) values ('optimize')`);
    } finally {
      db.close();
    }
  } else {
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    try {
      await client.query(`vacuum analyze ${tables.join(', ')}`);
    } finally {
      await client.end();
    }
  }
  return Math.round((performance.now() - started) / 100) / 10;
}

/**
 * A rename rewrites the customer's terms and so its index entries; a change of notes writes the same row and
 * audit entry without them. The difference is what the index adds to a write.
 */
async function writeCost(base: string, headers: Record<string, string>) {
  const created = await fetch(`${base}/api/v1/customers`, {
    method: 'POST',
    headers: { ...headers, 'content-type': 'application/json' },
    body: JSON.stringify({ name: 'Bench Rename 0', email: 'bench.rename@example.test' }),
  });
  const { id } = (await created.json()) as { id: number };
  let n = 0;
  const patch = (field: 'name' | 'notes') =>
    load({
      url: `${base}/api/v1/customers/${id}`,
      connections: 1,
      seconds: SECONDS,
      requests: [
        {
          method: 'PATCH',
          headers: { ...headers, 'content-type': 'application/json' },
          setupRequest: (req) => {
            n += 1;
            return {
              ...req,
              body: JSON.stringify({ [field]: `Bench ${field} ${n} ${WORDS['common word']}` }),
            };
          },
        },
      ],
    });
  const notes = await patch('notes');
  const rename = await patch('name');
  console.log(`write    notes p50 ${notes.p50} ms, rename (index rewritten) p50 ${rename.p50} ms`);
  await fetch(`${base}/api/v1/customers/${id}`, { method: 'DELETE', headers });
  return { notes, rename, addedP50Ms: rename.p50 - notes.p50 };
}

/** The FTS5 tables' pages (the terms themselves are stored once, in the records' rows). */
function sqliteIndexSize(url: string): number {
  const db = new Database(url.slice('file:'.length), { readonly: true });
  try {
    const row = db
      .prepare(
        "select coalesce(sum(pgsize), 0) as size from dbstat where name like '%\\_search\\_%' escape '\\'",
      )
      .get() as { size: number };
    return Math.round(row.size / 2 ** 20);
  } finally {
    db.close();
  }
}

async function postgresIndexSize(url: string): Promise<number> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    // The GIN indexes and the stored tsvectors (estimated from their average width).
    const res = await client.query<{ size: string }>(`
      select coalesce(sum(pg_relation_size(i.indexrelid)), 0) as size
      from pg_index i join pg_class c on c.oid = i.indexrelid where c.relname like '%\\_search'`);
    const vectors = await client.query<{ size: string }>(`
      select coalesce(sum(s.avg_width * c.reltuples), 0) as size
      from pg_stats s join pg_class c on c.relname = s.tablename
      where s.attname = 'search_vector' and s.schemaname = current_schema()`);
    return Math.round((Number(res.rows[0]!.size) + Number(vectors.rows[0]!.size)) / 2 ** 20);
  } finally {
    await client.end();
  }
}

export async function run(): Promise<void> {
  const runs = [];
  let port = 3950;
  for (const database of wantedDatabases()) runs.push(await measure(database, port++));
  console.log(`results: ${writeResult('search-1m', { runs })}`);
}
