import type { z } from 'zod';
import type { Crm } from '../crm/index.ts';
import type { Actor } from '../domain/actor.ts';
import type { Action, Area } from '../domain/policy.ts';
import type { Clock } from '../domain/time.ts';

/**
 * - read: runs at once
 * - write: creates or changes records; an assistant runs it only after the person confirms
 * - destructive: deletes; confirmed like a write, and offered only to roles that may delete
 */
export type ToolKind = 'read' | 'write' | 'destructive';

/** What a tool acts with: the services, the caller and the time. */
export interface ToolContext {
  crm: Crm;
  actor: Actor;
  clock: Clock;
}

/** A tool as written in its area file; `defineTool` fills in what can be derived. */
export interface ToolSpec<N extends string, I extends z.ZodType> {
  name: N;
  kind: ToolKind;
  /** For clients that show tools to people; defaults to the name in words ("Move deal stage"). */
  title?: string;
  /** Written for a language model choosing a tool: what it does and when to use it. */
  description: string;
  /** The permission-table cell that decides whether a role is offered the tool at all. */
  requires: { area: Area; action: Action };
  /**
   * What callers send. It accepts what people say (names, "#12", "me", "this month", "$3,000") and leaves
   * resolving it to the tool, so the MCP server, the models and the offline engine get the same leniency.
   */
  input: I;
  /**
   * What the tool returns, declared where a client uses the structured result to make its next call: the
   * lists and the search, whose items carry the ids other tools take. MCP lists it as the outputSchema, and
   * the server checks every result against it. Other tools' results are read as text.
   */
  output?: z.ZodObject;
  /**
   * A write that leaves the same state when repeated with the same input (setting fields, moving a stage,
   * deleting). Creating, logging, commenting and recording payments add a record each time, so they are not.
   */
  idempotent?: boolean;
  /**
   * Used only by the assistant's own readers (a file's rows), never listed to an MCP client or offered to a
   * model: thousands of rows do not belong in a model's context, and the REST import takes files directly.
   */
  readerOnly?: boolean;
  /**
   * For writes: one plain sentence of what will happen, with references already resolved ("Move deal #23
   * Website redesign from Proposal to Negotiation"), shown to the person before they confirm.
   */
  describe?(ctx: ToolContext, input: z.output<I>): Promise<string>;
  execute(ctx: ToolContext, input: z.output<I>): Promise<unknown>;
}

/** Everything about one tool: its contract, its MCP hints and its behaviour. */
export interface Tool<N extends string = string, I extends z.ZodType = z.ZodType> extends ToolSpec<N, I> {
  title: string;
  idempotent: boolean;
}

/** "move_deal_stage" -> "Move deal stage". */
function titleOf(name: string): string {
  const words = name.replaceAll('_', ' ');
  return words.charAt(0).toUpperCase() + words.slice(1);
}

/** One tool, whole; its input type is inferred from its own input schema. */
export function defineTool<N extends string, I extends z.ZodType>(spec: ToolSpec<N, I>): Tool<N, I> {
  return {
    ...spec,
    title: spec.title ?? titleOf(spec.name),
    idempotent: spec.kind === 'read' || spec.idempotent === true,
  };
}
