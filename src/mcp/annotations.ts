import type { ToolAnnotations } from '@modelcontextprotocol/sdk/types.js';
import type { ToolName } from '../tools/inputs.ts';
import type { Tool } from '../tools/types.ts';

/**
 * Writes that leave the same state when repeated with the same input: setting fields, moving to a stage,
 * deleting. Creating, logging, commenting and recording payments add a new record each time, so they are not.
 */
const IDEMPOTENT_WRITES: ReadonlySet<ToolName> = new Set<ToolName>([
  'update_customer',
  'update_lead',
  'update_deal',
  'update_issue',
  'move_deal_stage',
  'delete_record',
]);

const TITLES: Partial<Record<ToolName, string>> = { whoami: 'Who am I' };

/** "move_deal_stage" -> "Move deal stage", for clients that show tools to people. */
export function titleOf(name: ToolName): string {
  const title = TITLES[name];
  if (title) return title;
  const words = name.replaceAll('_', ' ');
  return words.charAt(0).toUpperCase() + words.slice(1);
}

/**
 * MCP's hints, from the catalogue's kind. Updates are not marked destructive: the audit log keeps every
 * previous value, so an update can be undone, while a delete cannot.
 */
export function annotationsOf(tool: Tool): ToolAnnotations {
  const readOnly = tool.kind === 'read';
  return {
    title: titleOf(tool.name),
    readOnlyHint: readOnly,
    destructiveHint: tool.kind === 'destructive',
    idempotentHint: readOnly || IDEMPOTENT_WRITES.has(tool.name),
    // Tools touch only this Parley organization's records, never the outside world.
    openWorldHint: false,
  };
}
