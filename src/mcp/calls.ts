import { ErrorCode } from '@modelcontextprotocol/sdk/types.js';
import type { Crm } from '../crm/index.ts';
import type { Actor } from '../domain/actor.ts';
import { DomainError } from '../domain/errors.ts';
import type { Clock } from '../domain/time.ts';
import type { ToolContext } from '../tools/index.ts';
import { runTool, type ToolOutcome } from '../tools/index.ts';

/** What an MCP server needs to act for one caller, whichever transport carries the requests. */
export interface McpSession {
  crm: Crm;
  clock: Clock;
  /**
   * The caller as of now, asked on every request: over stdio one process serves a whole desktop session,
   * so a revoked token or a removed membership must stop it at the next call, not at the next restart.
   */
  actor(): Promise<Actor>;
  /** Told about faults (bugs, an unreachable database); the client only hears that something went wrong. */
  onFault?(error: unknown, during: string): void;
}

export const FAULT_MESSAGE = 'Something went wrong on our side; the error has been logged.';

/** The error code rides along in a tool error's _meta, for clients that act on it rather than show it. */
export const ERROR_CODE_META = 'parley/error';

/** MCP's code for a resource that does not exist (or, as everywhere in Parley, one the caller may not see). */
export const RESOURCE_NOT_FOUND = -32002;

/**
 * A JSON-RPC error answer with the message as written. The SDK's McpError puts "MCP error <code>:" in front,
 * and clients add their own prefix again.
 */
export class ProtocolError extends Error {
  constructor(
    readonly code: number,
    message: string,
  ) {
    super(message);
    this.name = 'ProtocolError';
  }
}

/** Every call MCP makes is recorded as made through MCP, whatever credential carried it. */
export async function toolContext(session: McpSession): Promise<ToolContext> {
  const actor = await session.actor();
  return { crm: session.crm, clock: session.clock, actor: { ...actor, via: 'mcp' } };
}

/**
 * Runs a catalogue tool for the caller. A caller whose credential stopped working gets a refusal like any
 * other; faults are reported and then rethrown for the adapter to answer without internals.
 */
export async function callTool(session: McpSession, name: string, input: unknown): Promise<ToolOutcome> {
  try {
    return await runTool(await toolContext(session), name, input);
  } catch (error) {
    if (error instanceof DomainError)
      return { ok: false, error: { code: error.code, message: error.message } };
    session.onFault?.(error, name);
    throw error;
  }
}

/**
 * callTool for requests that answer a fault with a JSON-RPC error (resource reads, prompts, completions):
 * the error carries our fixed message, never the fault's own, which may hold SQL or paths.
 */
export async function callToolOrFail(
  session: McpSession,
  name: string,
  input: unknown,
): Promise<ToolOutcome> {
  try {
    return await callTool(session, name, input);
  } catch {
    throw new ProtocolError(ErrorCode.InternalError, FAULT_MESSAGE);
  }
}
