import type { z } from 'zod';
import type { Crm } from '../crm/index.ts';
import type { Actor } from '../domain/actor.ts';
import type { Action, Area } from '../domain/policy.ts';
import type { Clock } from '../domain/time.ts';
import type { ToolName, toolInputs } from './inputs.ts';

/**
 * - read: runs at once
 * - write: creates or changes records; an assistant runs it only after the person confirms
 * - destructive: deletes; confirmed like a write, and offered only to roles that may delete
 */
export type ToolKind = 'read' | 'write' | 'destructive';

export interface ToolContext {
  crm: Crm;
  actor: Actor;
  clock: Clock;
}

export type ToolInputOf<N extends ToolName> = z.output<(typeof toolInputs)[N]>;

export interface Tool<N extends ToolName = ToolName> {
  name: N;
  kind: ToolKind;
  /** Written for a language model choosing a tool: what it does and when to use it. */
  description: string;
  /** The permission-table cell that decides whether a role is offered the tool at all. */
  requires: { area: Area; action: Action };
  /**
   * For writes: one plain sentence of what will happen, with references already resolved ("Move deal #23
   * Website redesign from Proposal to Negotiation"), shown to the person before they confirm.
   */
  describe?(ctx: ToolContext, input: ToolInputOf<N>): Promise<string>;
  execute(ctx: ToolContext, input: ToolInputOf<N>): Promise<unknown>;
}

/** Keeps each tool's input type tied to its name, so a tool cannot read fields its schema lacks. */
export function defineTool<N extends ToolName>(tool: Tool<N>): Tool<N> {
  return tool;
}
