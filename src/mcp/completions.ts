import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { CompleteRequestSchema, type CompleteResult, ErrorCode } from '@modelcontextprotocol/sdk/types.js';
import type { Actor } from '../domain/actor.ts';
import { callToolOrFail, type McpSession, ProtocolError } from './calls.ts';
import { offeredPrompts, promptNamed } from './prompts.ts';
import { kindOfTemplate, type RecordKind, readableKinds } from './resources.ts';

/** What one answer offers at most (the protocol allows 100; a person reads far fewer). */
const OFFERED = 20;
/** Orders have no prefix search: the newest this many are matched by number instead. */
const SCANNED_WITHOUT_SEARCH = 100;

type Completion = CompleteResult['completion'];
type Item = Record<string, unknown>;

/**
 * The records of a kind the caller may see that match what they typed, as references the get tool
 * resolves: a name or a document number, or the id where two records share a name. Typing digits also
 * offers the record with that id.
 */
async function recordsMatching(session: McpSession, kind: RecordKind, typed: string): Promise<Completion> {
  const text = typed.trim();
  const found: Item[] = [];
  if (/^\d+$/.test(text)) {
    const byId = await callToolOrFail(session, kind.get, { [kind.what]: Number(text) });
    if (byId.ok) found.push(byId.result as Item);
  }
  const input = kind.searchable
    ? { ...(text && { query: text }), limit: OFFERED + 1 }
    : { limit: SCANNED_WITHOUT_SEARCH };
  const listed = await callToolOrFail(session, kind.list, input);
  let more = false;
  if (listed.ok) {
    const page = listed.result as { items: Item[]; more: boolean };
    const wanted = text.toLowerCase();
    const matching = kind.searchable
      ? page.items
      : page.items.filter((item) => kind.reference(item).toLowerCase().includes(wanted));
    found.push(...matching.filter((item) => !found.some((f) => f.id === item.id)));
    more = kind.searchable && page.more;
  }
  const counts = new Map<string, number>();
  for (const item of found) counts.set(kind.reference(item), (counts.get(kind.reference(item)) ?? 0) + 1);
  const values = found.map((item) =>
    counts.get(kind.reference(item))! > 1 ? String(item.id) : kind.reference(item),
  );
  return { values: values.slice(0, OFFERED), hasMore: more || values.length > OFFERED };
}

/**
 * `completion/complete` for arguments that name a record: the `{id}` of a resource template
 * (parley://deals/{id}) and prompt arguments such as customer_briefing's customer. Suggestions come from
 * the caller's own list tools, so they hold only records the caller may see. An unknown prompt or template
 * is invalid params; an argument that names no record gets no suggestions.
 */
export function registerCompletions(mcp: McpServer, session: McpSession, actor: Actor): void {
  const kinds = readableKinds(actor);
  const prompts = offeredPrompts(actor);
  mcp.server.registerCapabilities({ completions: {} });
  mcp.server.setRequestHandler(CompleteRequestSchema, async (request) => {
    const { ref, argument } = request.params;
    let kind: RecordKind | undefined;
    if (ref.type === 'ref/prompt') {
      const names = promptNamed(prompts, ref.name).arguments.find((a) => a.name === argument.name)?.names;
      kind = names && kinds.find((k) => k.what === names);
    } else {
      const template = kindOfTemplate(kinds, ref.uri);
      if (!template)
        throw new ProtocolError(ErrorCode.InvalidParams, `There is no resource template ${ref.uri}`);
      kind = argument.name === 'id' ? template : undefined;
    }
    return { completion: kind ? await recordsMatching(session, kind, argument.value) : { values: [] } };
  });
}
