import { z } from 'zod';
import * as resolve from './resolve.ts';
import { changeList } from './shape.ts';
import { defineTool, type Tool, type ToolContext } from './tool.ts';
import { recordRef } from './values.ts';

type RefSchema = ReturnType<typeof recordRef>;
/** `{ <record>: reference, ...fields }`, strict. */
type RecordInput<K extends string, S extends z.ZodRawShape> = z.ZodObject<
  { [P in K]: RefSchema } & S,
  z.core.$strict
>;
/** The fields to change, with a named assignee already resolved to a user id. */
type Changes<S extends z.ZodRawShape> = Omit<z.output<z.ZodObject<S>>, 'assignedTo'> & {
  assignedTo?: number | undefined;
};

interface GetToolSpec<N extends string, K extends string> {
  name: N;
  description: string;
  requires: Tool['requires'];
  /** The input key naming the record, which is also its noun ("customer"). */
  record: K;
  find(ctx: ToolContext, ref: resolve.RecordRef): Promise<unknown>;
}

/** A get_* tool: one record, by what the person called it. */
export function defineGetTool<N extends string, K extends string>(spec: GetToolSpec<N, K>) {
  return defineTool({
    name: spec.name,
    kind: 'read',
    description: spec.description,
    requires: spec.requires,
    input: z.object({ [spec.record]: recordRef(spec.record) }).strict() as RecordInput<
      K,
      Record<never, never>
    >,
    execute: (ctx, input) => spec.find(ctx, (input as Record<string, resolve.RecordRef>)[spec.record]!),
  });
}

interface UpdateToolSpec<
  N extends string,
  K extends string,
  S extends z.ZodRawShape,
  R extends { assignedTo: number | null },
> {
  name: N;
  description: string;
  requires: Tool['requires'];
  /** The input key naming the record, which is also its noun ("customer"). */
  record: K;
  /** The fields that can be changed. */
  fields: S;
  find(ctx: ToolContext, ref: resolve.RecordRef): Promise<R>;
  /** The record as a confirmation names it: "customer #4 Acme". */
  label(found: R): string;
  update(ctx: ToolContext, found: R, changes: Changes<S>): Promise<unknown>;
}

/**
 * An update_* tool: finds the record by what the person called it, names the changes for the confirmation,
 * and passes them on with the assignee resolved. Setting fields is idempotent.
 */
export function defineUpdateTool<
  N extends string,
  K extends string,
  S extends z.ZodRawShape,
  R extends { assignedTo: number | null },
>(spec: UpdateToolSpec<N, K, S, R>) {
  const split = (input: Record<string, unknown>) => {
    const { [spec.record]: ref, ...changes } = input;
    return { ref: ref as resolve.RecordRef, changes: changes as Record<string, unknown> };
  };
  return defineTool({
    name: spec.name,
    kind: 'write',
    description: spec.description,
    requires: spec.requires,
    idempotent: true,
    input: z.object({ [spec.record]: recordRef(spec.record), ...spec.fields }).strict() as RecordInput<K, S>,
    async describe(ctx, input) {
      const { ref, changes } = split(input);
      const found = await spec.find(ctx, ref);
      resolve.mayChange(ctx, spec.requires, found);
      return `Update ${spec.label(found)}: ${changeList(changes)}`;
    },
    async execute(ctx, input) {
      const { ref, changes } = split(input);
      const { assignedTo, ...rest } = changes;
      const found = await spec.find(ctx, ref);
      const assignee = await resolve.assignee(ctx, assignedTo as number | string | undefined);
      return spec.update(ctx, found, { ...rest, ...assignee } as Changes<S>);
    },
  });
}
