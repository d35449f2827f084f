import {
  type KyselyPlugin,
  type PostgresPool,
  type PostgresPoolClient,
  QueryNode,
  RawNode,
  SelectModifierNode,
  SelectQueryNode,
} from 'kysely';
import type pg from 'pg';

/**
 * PostgreSQL plans a prepared statement for its values five times, then keeps one plan for all values if that
 * is estimated to cost no more. Most of our statements are lookups by key, joins on keys and aggregates over
 * covering indexes, whose best plan is the same whatever the values: planning each call cost 40% of
 * PostgreSQL's CPU in a bot turn (bench/notes.md). Lists are different. CRM data is skewed (one stage holds
 * most deals, a search prefix matches thousands of customers or none), and a list that filters on one column
 * and sorts on another can read the filter's index and sort, or walk the sort's index until it has a page.
 * Which is right depends on the values, and one plan for all of them would walk a million deals to find a
 * stage's ten. So lists are marked, and run on connections that plan every call.
 */
export const PLANNED_PER_CALL = '/* planned per call */';

const marker = SelectModifierNode.createWithExpression(RawNode.createWithSql(PLANNED_PER_CALL));

/** Marks the selects it compiles as planned per call. */
export const plannedPerCall: KyselyPlugin = {
  transformQuery: ({ node }) =>
    SelectQueryNode.is(node) ? (QueryNode.cloneWithEndModifier(node, marker) as typeof node) : node,
  transformResult: async ({ result }) => result,
};

/**
 * One pool to Kysely, two underneath: a connection is taken when its first statement is known, from the pool
 * that plans every call if that statement is marked, else from the one that reuses plans. A transaction stays
 * on the connection its `begin` took.
 */
export function plansRoutingPool(reusing: pg.Pool, perCall: pg.Pool): PostgresPool {
  return {
    async connect(): Promise<PostgresPoolClient> {
      // The promise, not the client, so that two first statements could never take two connections.
      let taking: Promise<pg.PoolClient> | null = null;
      const client = {
        query(text: string, parameters: readonly unknown[]) {
          taking ??= (text.endsWith(PLANNED_PER_CALL) ? perCall : reusing).connect();
          return taking.then((held) => held.query(text, [...parameters]));
        },
        release(destroy?: boolean) {
          // A connection that could not be taken has nothing to give back.
          taking?.then(
            (held) => held.release(destroy),
            () => {},
          );
          taking = null;
        },
      };
      // Kysely only passes cursors when its dialect is given a cursor class, which ours is not.
      return client as unknown as PostgresPoolClient;
    },
    async end() {
      await Promise.all([reusing.end(), perCall.end()]);
    },
  };
}
