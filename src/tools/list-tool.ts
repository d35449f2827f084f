import { z } from 'zod';
import type { PeriodSpec } from '../domain/periods.ts';
import * as resolve from './resolve.ts';
import { id, listOf } from './results.ts';
import { listed } from './shape.ts';
import { defineTool, type Tool, type ToolContext } from './tool.ts';
import { limit } from './values.ts';

/** Filters many lists share, as people give them. */
interface SharedInput {
  assignedTo?: number | string | undefined;
  customer?: resolve.RecordRef | undefined;
  createdIn?: PeriodSpec | undefined;
  query?: string | undefined;
  limit?: number | undefined;
}

/** The shared filters as the services take them; a filter not given is left out. */
async function sharedFilters(ctx: ToolContext, input: SharedInput) {
  const created = resolve.dates(ctx, input.createdIn);
  return {
    ...(await resolve.assignee(ctx, input.assignedTo)),
    ...(await resolve.customerLink(ctx, input.customer)),
    ...(created && { createdFrom: created.from, createdTo: created.to }),
    ...(input.query !== undefined && { q: input.query }),
    limit: input.limit ?? 20,
  };
}

const NONE_ASSIGNED = "None is assigned to you, so these are the organization's.";

function withoutAssignee({ assignedTo: _, ...rest }: Shared): Shared {
  return rest;
}

type ListInput<S extends z.ZodRawShape> = z.ZodObject<S & { limit: typeof limit }, z.core.$strict>;

type Shared = Awaited<ReturnType<typeof sharedFilters>>;
/** The passed filters, as the tool's input holds them. */
type Passed<S extends z.ZodRawShape, P extends keyof S> = { [K in P]: z.output<S[K]> };

interface ListToolSpec<
  N extends string,
  S extends z.ZodRawShape,
  P extends keyof S & string,
  T,
  I extends z.ZodRawShape,
> {
  name: N;
  description: string;
  requires: Tool['requires'];
  /** The tool's own filters; `limit` is added last. */
  filters: S;
  /** Filters the service takes as given, under the same name. */
  passed?: readonly P[];
  /** The fields of one summary. */
  item: z.ZodObject<I, z.core.$ZodObjectConfig>;
  /**
   * The field that names a record to a person (name, title, number). With the id, it is what the output
   * schema declares: what a client needs to pick a record and pass its id on. The other fields are for
   * reading and may grow, so they are not promised.
   */
  names: keyof I & string;
  /**
   * A record as a list shows it, money written out, typed by the item so the two cannot drift apart; by
   * default the item's fields, copied.
   */
  summary?(record: T): z.output<z.ZodObject<I>>;
  /** Runs the service's list with the shared and passed filters ready. */
  list(
    ctx: ToolContext,
    input: z.output<ListInput<S>>,
    filters: Shared & Passed<S, P>,
  ): Promise<{ items: T[]; nextCursor: string | null }>;
}

/** A record cut down to the item schema's fields, in the schema's order. */
function picker(item: z.ZodObject) {
  const keys = Object.keys(item.shape);
  return (record: unknown) =>
    Object.fromEntries(keys.map((k) => [k, (record as Record<string, unknown>)[k]]));
}

/** A list_* tool: a read whose input ends in `limit` and whose result is a page of summaries. */
export function defineListTool<
  N extends string,
  S extends z.ZodRawShape,
  P extends keyof S & string = never,
  T = unknown,
  I extends z.ZodRawShape = z.ZodRawShape,
>(spec: ListToolSpec<N, S, P, T, I>) {
  const summary = spec.summary ?? picker(spec.item);
  return defineTool({
    name: spec.name,
    kind: 'read',
    description: spec.description,
    requires: spec.requires,
    input: z.object({ ...spec.filters, limit }).strict() as ListInput<S>,
    output: listOf(z.looseObject({ id, [spec.names]: spec.item.shape[spec.names] as z.ZodType })),
    async execute(ctx, input) {
      const shared = await sharedFilters(ctx, input as SharedInput);
      const passed = Object.fromEntries(
        (spec.passed ?? []).map((k) => [k, (input as Record<string, unknown>)[k]]),
      );
      const run = async (filters: Shared) =>
        listed(await spec.list(ctx, input, { ...passed, ...filters } as Shared & Passed<S, P>), summary);
      const mine = shared.assignedTo === ctx.actor.userId;
      // A customer's lists hold only their own records already; nothing is ever assigned to them.
      if (mine && ctx.actor.role === 'customer') return run(withoutAssignee(shared));
      const page = await run(shared);
      // "My deals" to an owner means the business's when none is assigned to them; the reply says so.
      if (mine && ctx.actor.role === 'owner' && page.count === 0) {
        return { ...(await run(withoutAssignee(shared))), note: NONE_ASSIGNED };
      }
      return page;
    },
  });
}
