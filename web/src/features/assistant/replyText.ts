import type { AssistantTurn } from '../../api/types.ts';
import { shownResult } from './records.ts';

/**
 * Replies are written for plain-text channels too (Telegram, the CLI): lists come as "• …" lines and a proposed
 * write ends with a paragraph spelling out the plan and asking "Confirm?". In the browser a table and the
 * confirmation card show those, so the text keeps only what they do not say.
 */
export function replyText(turn: AssistantTurn): string {
  let text = turn.reply;
  if (turn.confirmation) text = text.split('\n\n').slice(0, -1).join('\n\n');
  const hasTable = turn.actions.some(
    (a) => a.status === 'done' && shownResult(a.tool, a.result).kind === 'table',
  );
  if (hasTable) {
    text = text
      .split('\n')
      .filter((line) => !line.startsWith('• '))
      .join('\n');
  }
  return text.trim();
}
