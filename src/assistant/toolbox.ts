import type { ToolContext } from '../tools/index.ts';
import { describeCall, findTool, runTool, type ToolOutcome } from '../tools/index.ts';
import type { ProposedWrite, RecordPointer } from './conversation-store.ts';
import { pointerTo } from './result-replies.ts';
import type { AssistantAction } from './turns.ts';

/**
 * What one turn of the assistant may do with the tool catalogue: reads run at once, writes are only
 * described and held for the person's confirmation. Whatever the model or the engine asks for, this is the
 * only way a turn touches data, so text inside records can never cause an unconfirmed write.
 */
export function toolbox(ctx: ToolContext, onAction?: (action: AssistantAction) => void) {
  const actions: AssistantAction[] = [];
  const record = (action: AssistantAction) => {
    actions.push(action);
    onAction?.(action);
  };
  const proposed: ProposedWrite[] = [];
  let lastRecord: RecordPointer | null = null;

  return {
    actions,
    proposed,
    get lastRecord() {
      return lastRecord;
    },

    /** Runs a read or proposes a write; the outcome is what a model is told. */
    async call(
      tool: string,
      input: unknown,
    ): Promise<{ ok: true; result: unknown } | { ok: false; error: string }> {
      const kind = findTool(tool)?.kind;
      if (kind === 'read') {
        const outcome = await runTool(ctx, tool, input);
        if (!outcome.ok) {
          record(refused(tool, input, outcome.error));
          return { ok: false, error: outcome.error.message };
        }
        record({ tool, input, status: 'done', result: outcome.result });
        lastRecord = pointerTo(tool, outcome.result) ?? lastRecord;
        return outcome;
      }
      const described = await describeCall(ctx, tool, input);
      if (!described.ok) {
        record(refused(tool, input, described.error));
        return { ok: false, error: described.error.message };
      }
      proposed.push({ tool, input, summary: described.summary });
      record({ tool, input, status: 'needs_confirmation', result: { summary: described.summary } });
      return {
        ok: true,
        result: {
          status: 'awaiting_confirmation',
          summary: described.summary,
          note: 'Not done yet: the person must confirm. Tell them what will happen and ask them to confirm.',
        },
      };
    },
  };
}

export type Toolbox = ReturnType<typeof toolbox>;

/** A call that did not run, with the records to choose from when a name matched several. */
function refused(
  tool: string,
  input: unknown,
  error: Extract<ToolOutcome, { ok: false }>['error'],
): AssistantAction {
  const status = error.code === 'forbidden' || error.code === 'unknown_tool' ? 'denied' : 'failed';
  return { tool, input, status, error: error.message, ...(error.choices && { choices: error.choices }) };
}
