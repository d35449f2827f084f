// biome-ignore-all lint/suspicious/noExplicitAny: each kind's query is over a table chosen at run time

import { type Kysely, type SelectQueryBuilder, sql } from 'kysely';
import { z } from 'zod';
import { searchText } from '../contracts/fields.ts';
import { SEARCH_TYPES, type SearchResult, type SearchResults, type SearchType } from '../contracts/search.ts';
import type { Actor } from '../domain/actor.ts';
import { formatMoney } from '../domain/money.ts';
import { type Area, readGrant } from '../domain/policy.ts';
import {
  isNumber,
  type NumberQuery,
  parseNumberQuery,
  type SearchTable,
  searchWords,
} from '../domain/search-text.ts';
import type { CrmDeps } from './deps.ts';
import { searchKey, startsWith } from './list.ts';
import { readScope } from './scope.ts';
import { firstMatches, termsMatch } from './search-match.ts';

export { SEARCH_TYPES, type SearchResult, type SearchType } from '../contracts/search.ts';

export const searchQuery = z
  .object({
    q: searchText,
    // The query string carries "customer,deal"; the services' other callers may pass the list itself.
    types: z
      .preprocess(
        (v) => (typeof v === 'string' ? v.split(',').map((t) => t.trim().toLowerCase()) : v),
        z.array(z.enum(SEARCH_TYPES)).min(1),
      )
      .optional()
      .describe(`Comma-separated kinds of record to search: ${SEARCH_TYPES.join(', ')}. Default: all`),
    limit: z.coerce.number().int().min(1).max(50).default(20),
  })
  .strict();

type Row = Record<string, any> & { id: number; updated_at: string };

/** How one kind of record is searched and shown. */
interface Kind {
  table: SearchTable;
  area: Area;
  /** The lower-cased key column a name or title prefix reads in order. */
  key?: string;
  /** The record's own document numbers ("ISS") or emails, which an exact query finds first. */
  exact?: 'email' | 'number';
  /** Columns read beside the table's own (an order's customer). */
  join?: (qb: SelectQueryBuilder<any, any, object>) => SelectQueryBuilder<any, any, object>;
  title(r: Row): string;
  subtitle(r: Row): string | null;
}

const withCustomerName = (table: string) => (qb: SelectQueryBuilder<any, any, object>) =>
  qb.leftJoin('customers as named', 'named.id', `${table}.customer_id`).select('named.name as customer_name');

const joined = (...parts: (string | null | undefined)[]) => parts.filter(Boolean).join(' · ') || null;

const KINDS: Record<SearchType, Kind> = {
  customer: {
    table: 'customers',
    area: 'customers',
    key: 'name_key',
    exact: 'email',
    title: (r) => r.name,
    subtitle: (r) => joined(r.company_name, r.email ?? r.phone),
  },
  lead: {
    table: 'leads',
    area: 'leads',
    key: 'name_key',
    exact: 'email',
    title: (r) => r.name,
    subtitle: (r) => joined(r.company, r.email ?? r.phone),
  },
  deal: {
    table: 'deals',
    area: 'deals',
    key: 'title_key',
    join: withCustomerName('deals'),
    title: (r) => r.title,
    subtitle: (r) => joined(r.customer_name, formatMoney(r.value, r.currency), r.status),
  },
  issue: {
    table: 'issues',
    area: 'issues',
    key: 'title_key',
    exact: 'number',
    title: (r) => r.title,
    subtitle: (r) => joined(r.number, r.status),
  },
  order: {
    table: 'orders',
    area: 'orders',
    exact: 'number',
    join: withCustomerName('orders'),
    title: (r) => r.number,
    subtitle: (r) => joined(r.customer_name, formatMoney(r.total, r.currency), r.status),
  },
  payment: {
    table: 'payments',
    area: 'payments',
    exact: 'number',
    join: withCustomerName('payments'),
    title: (r) => r.number,
    subtitle: (r) => joined(r.customer_name, formatMoney(r.amount, r.currency), r.status),
  },
  activity: {
    table: 'activities',
    area: 'activities',
    key: 'subject_key',
    title: (r) => r.subject,
    subtitle: (r) => joined(r.type, r.done_at ? 'done' : r.due_at?.slice(0, 10)),
  },
};

/** How good a match is: an exact number or email, a name or title that starts with the query, any word. */
const EXACT = 0;
const NAME_PREFIX = 1;
const WORD_PREFIX = 2;

interface Ranked {
  rank: number;
  updatedAt: string;
  result: SearchResult;
}

export function searchService({ db }: CrmDeps) {
  const any = db as unknown as Kysely<any>;

  /** The kind's rows the actor may read, with what its title and subtitle need. */
  function readable(actor: Actor, kind: Kind, qb: SelectQueryBuilder<any, any, object>) {
    const shaped = qb.selectAll(kind.table).where(readScope(actor, kind.area, kind.table) as never);
    return (kind.join ? kind.join(shaped) : shaped) as SelectQueryBuilder<any, any, Row>;
  }

  /** Records the query names exactly: a whole email, or a document number in any of its forms. */
  async function exactRows(actor: Actor, kind: Kind, q: string, number: NumberQuery | null): Promise<Row[]> {
    if (kind.exact === 'email' && q.includes('@')) {
      return readable(actor, kind, any.selectFrom(kind.table))
        .where(`${kind.table}.email`, '=', q.toLowerCase())
        .limit(5)
        .execute();
    }
    if (kind.exact === 'number' && number) {
      // The bare sequence is one of a number's terms; the stored number then decides.
      const terms = [String(number.sequence), ...(number.year ? [String(number.year)] : [])];
      const rows = await readable(actor, kind, any.selectFrom(kind.table))
        .where(termsMatch(db, kind.table, terms))
        .limit(50)
        .execute();
      return rows.filter((r) => isNumber(r.number, number));
    }
    return [];
  }

  async function searchKind(actor: Actor, type: SearchType, q: string, limit: number): Promise<Ranked[]> {
    const kind = KINDS[type];
    const number = parseNumberQuery(q);
    const folded = searchWords(q).join(' ');
    const byId = new Map<number, Ranked>();
    const add = (rows: Row[], rank: number) => {
      for (const r of rows) {
        const title = kind.title(r);
        const effective =
          rank === EXACT ? EXACT : searchWords(title).join(' ').startsWith(folded) ? NAME_PREFIX : rank;
        const known = byId.get(r.id);
        if (known && known.rank <= effective) continue;
        byId.set(r.id, {
          rank: effective,
          updatedAt: r.updated_at,
          result: { type, id: r.id, title, subtitle: kind.subtitle(r), url: `/${kind.table}/${r.id}` },
        });
      }
    };
    add(await exactRows(actor, kind, q, number), EXACT);
    if (kind.key) {
      // Names that start with the query, read in order from the key's index: a common first word would
      // otherwise crowd them out of the word matches below.
      const key = `${kind.table}.${kind.key}`;
      add(
        await readable(actor, kind, any.selectFrom(kind.table))
          .where(startsWith(db, key, searchKey(q)))
          .orderBy(sql.ref(key))
          .limit(limit)
          .execute(),
        NAME_PREFIX,
      );
    }
    add(await firstMatches(db, kind.table, q, limit, (qb) => readable(actor, kind, qb)), WORD_PREFIX);
    return [...byId.values()];
  }

  return {
    /**
     * Records of every kind the actor may open that match `q`, best first: an exact number or email, then
     * names and titles starting with it, then any word starting with each word typed; ties go to the most
     * recently updated. Kinds the role may not read are left out, not refused.
     */
    async search(actor: Actor, raw: unknown): Promise<SearchResults> {
      const p = searchQuery.parse(raw);
      const readableTypes = [...new Set(p.types ?? SEARCH_TYPES)].filter(
        (t) => readGrant(actor, KINDS[t].area) !== false,
      );
      // The kinds at once: PostgreSQL runs them on several connections (SQLite's driver, one after another).
      const found = (
        await Promise.all(readableTypes.map((type) => searchKind(actor, type, p.q, p.limit)))
      ).flat();
      found.sort(
        (a, b) =>
          a.rank - b.rank ||
          (a.updatedAt < b.updatedAt ? 1 : a.updatedAt > b.updatedAt ? -1 : 0) ||
          b.result.id - a.result.id,
      );
      return { items: found.slice(0, p.limit).map((f) => f.result) };
    },
  };
}
