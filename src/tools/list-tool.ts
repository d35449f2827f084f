import { z } from 'zod';
import type { PeriodSpec } from '../domain/periods.ts';
import * as resolve from './resolve.ts';
import { listOf } from './results.ts';
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

type ListInput<S extends z.ZodRawShape> = z.ZodObject<S & { limit: typeof limit }, z.core.$strict>;

interface ListToolSpec<N extends string, S extends z.ZodRawShape, T> {
  name: N;
  description: string;
  requires: Tool['requires'];
  /** The tool's own filters; `limit` is added last. */
  filters: S;
  /** The output schema of one summary. */
  item: z.ZodObject;
  /** A record as a list shows it: the few fields a person asks about, money written out. */
  summary(record: T): unknown;
  /** Runs the service's list with the shared filters already resolved. */
  list(
    ctx: ToolContext,
    input: z.output<ListInput<S>>,
    shared: Awaited<ReturnType<typeof sharedFilters>>,
  ): Promise<{ items: T[]; nextCursor: string | null }>;
}

/** A list_* tool: a read whose input ends in `limit` and whose result is a page of summaries. */
export function defineListTool<N extends string, S extends z.ZodRawShape, T>(spec: ListToolSpec<N, S, T>) {
  return defineTool({
    name: spec.name,
    kind: 'read',
    description: spec.description,
    requires: spec.requires,
    input: z.object({ ...spec.filters, limit }).strict() as ListInput<S>,
    output: listOf(spec.item),
    async execute(ctx, input) {
      const shared = await sharedFilters(ctx, input as SharedInput);
      return listed(await spec.list(ctx, input, shared), (record) => spec.summary(record));
    },
  });
}
