import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useRef, useState } from 'react';
import { assistant } from '../../api/endpoints.ts';
import type { AssistantAction, AssistantTurn } from '../../api/types.ts';
import { messageOf } from '../../components/ErrorAlert.tsx';
import { encodeFile } from './attachment.ts';

/** How the person answered a proposed change. */
export type Decision = 'approved' | 'cancelled';

/** One message in the conversation as shown: the person's words or the assistant's turn. */
export type Entry =
  | { id: string; kind: 'user'; text: string; file?: string }
  | { id: string; kind: 'reply'; turn: AssistantTurn; decision?: Decision };

const HISTORY_KEY = ['assistant', 'conversation'];
let nextEntry = 1;
const entryId = () => `entry-${nextEntry++}`;

function historyEntries(
  messages: { role: 'user' | 'assistant'; content: string }[],
  conversationId: number,
): Entry[] {
  return messages.map((m, index) => {
    const id = `history-${conversationId}-${index}`;
    return m.role === 'user'
      ? { id, kind: 'user', text: m.content }
      : { id, kind: 'reply', turn: { conversationId, reply: m.content, actions: [] } };
  });
}

/** One exchange with the server at a time: the tool calls seen while it lasts, and how the last one failed. */
function useExchange() {
  /** Tool calls streamed so far while an answer is on its way; null when idle. */
  const [working, setWorking] = useState<AssistantAction[] | null>(null);
  const [error, setError] = useState<string | null>(null);

  /** One exchange with the server: "working" while it lasts, a failure shown below the conversation. */
  async function exchange(work: () => Promise<void>, undo?: () => void) {
    setError(null);
    setWorking([]);
    try {
      await work();
    } catch (problem) {
      undo?.();
      setError(messageOf(problem));
    } finally {
      setWorking(null);
    }
  }
  return { working, setWorking, error, setError, exchange };
}

/**
 * The web conversation: earlier messages from the server, then this visit's turns with their tool results and
 * confirmations (which only live as long as the page: the server keeps words, not tables).
 */
export function useAssistant() {
  const queries = useQueryClient();
  const history = useQuery({
    queryKey: HISTORY_KEY,
    queryFn: assistant.conversation,
    // Reopening the panel shows what was said meanwhile, from Telegram or another tab.
    staleTime: 0,
    refetchOnMount: 'always',
  });
  const [turns, setTurns] = useState<Entry[]>([]);
  const { working, setWorking, error, setError, exchange } = useExchange();
  const conversationId = useRef<number | undefined>(undefined);
  conversationId.current ??= history.data?.conversationId;

  const earlier = history.data ? historyEntries(history.data.messages, history.data.conversationId) : [];
  const entries = [...earlier, ...turns];

  function add(entry: Entry) {
    setTurns((all) => [...all, entry]);
  }

  /** Writes done through the chat change what every open list and the dashboard show. */
  function refreshRecords() {
    return queries.invalidateQueries({ predicate: (q) => q.queryKey[0] !== 'assistant' });
  }

  /** Sends a message; a file (a card photo, a CSV) goes with it, its name shown with the words. */
  async function send(text: string, file?: File | null) {
    add({ id: entryId(), kind: 'user', text, ...(file && { file: file.name }) });
    await exchange(async () => {
      const attachment = file ? await encodeFile(file) : undefined;
      const turn = await assistant.stream(
        {
          text,
          ...(conversationId.current ? { conversationId: conversationId.current } : {}),
          ...(attachment && { attachment }),
        },
        { onAction: (action) => setWorking((so) => [...(so ?? []), action]) },
      );
      conversationId.current = turn.conversationId;
      const answered = turn.answered;
      // A typed yes or no settles the change its card was waiting for, as its buttons would.
      if (answered) {
        const decision: Decision = answered.approved ? 'approved' : 'cancelled';
        setTurns((all) =>
          all.map((e) =>
            e.kind === 'reply' && e.turn.confirmation?.id === answered.confirmationId
              ? { ...e, decision }
              : e,
          ),
        );
        if (answered.approved) await refreshRecords();
      }
      add({ id: entryId(), kind: 'reply', turn });
    });
  }

  async function decide(entry: Entry, approve: boolean) {
    if (entry.kind !== 'reply' || !entry.turn.confirmation) return;
    const { id } = entry.turn.confirmation;
    const mark = (decision?: Decision) =>
      setTurns((all) => all.map((e) => (e.id === entry.id ? { ...entry, decision } : e)));
    mark(approve ? 'approved' : 'cancelled');
    await exchange(async () => {
      const turn = await assistant.confirm(id, approve);
      add({ id: entryId(), kind: 'reply', turn });
      if (approve) await refreshRecords();
    }, mark);
  }

  async function clear() {
    setError(null);
    try {
      await assistant.clear();
      setTurns([]);
      queries.setQueryData(HISTORY_KEY, { conversationId: conversationId.current ?? 0, messages: [] });
    } catch (problem) {
      setError(messageOf(problem));
    }
  }

  return {
    entries,
    loading: history.isPending,
    loadError: history.error,
    working,
    error,
    send,
    decide,
    clear,
  };
}
