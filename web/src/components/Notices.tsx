import { Button, Group, Notification, Stack, Text } from '@mantine/core';
import {
  createContext,
  type ReactNode,
  useCallback,
  useContext,
  useEffect,
  useMemo,
  useRef,
  useState,
} from 'react';

type Tone = 'success' | 'error' | 'info';

/** How a notice ended: its time ran out, the person closed it, or they pressed its action (e.g. Undo). */
export type NoticeEnd = 'expired' | 'dismissed' | 'action';

export interface NoticeOptions {
  /** One button in the notice, e.g. Undo; pressing it closes the notice. */
  action?: { label: string; run(): void };
  /** Called once when the notice goes, with how; a deferred change commits here unless it was undone. */
  onEnd?(how: NoticeEnd): void;
}

interface Notice extends NoticeOptions {
  id: number;
  tone: Tone;
  message: string;
}

type Notify = (message: string, tone?: Tone, options?: NoticeOptions) => void;

const NoticeContext = createContext<Notify>(() => {});
const VISIBLE_MS = 6000;
/** A notice that offers an action stays longer, and waits while the pointer or focus is on it. */
const ACTION_VISIBLE_MS = 10_000;
const COLORS: Record<Tone, string> = { success: 'teal', error: 'red', info: 'blue' };

/** Short messages after an action ("Lead saved", "Deal moved to Won · Undo"). */
export function NoticeProvider({ children }: { children: ReactNode }) {
  const [notices, setNotices] = useState<Notice[]>([]);
  const live = useRef(new Map<number, Notice>());
  const timers = useRef(new Map<number, number>());
  const nextId = useRef(1);

  const end = useCallback((id: number, how: NoticeEnd) => {
    const notice = live.current.get(id);
    if (!notice) return;
    live.current.delete(id);
    window.clearTimeout(timers.current.get(id));
    timers.current.delete(id);
    setNotices((all) => all.filter((n) => n.id !== id));
    notice.onEnd?.(how);
  }, []);

  const startTimer = useCallback(
    (notice: Notice) => {
      window.clearTimeout(timers.current.get(notice.id));
      const ms = notice.action ? ACTION_VISIBLE_MS : VISIBLE_MS;
      timers.current.set(
        notice.id,
        window.setTimeout(() => end(notice.id, 'expired'), ms),
      );
    },
    [end],
  );

  const notify = useCallback<Notify>(
    (message, tone = 'success', options = {}) => {
      const notice: Notice = { id: nextId.current++, tone, message, ...options };
      live.current.set(notice.id, notice);
      startTimer(notice);
      // Four at most: the oldest goes as if it had run out, so a deferred change still commits.
      for (const id of [...live.current.keys()].slice(0, -4)) end(id, 'expired');
      setNotices((all) => [...all, notice].filter((n) => live.current.has(n.id)));
    },
    [end, startTimer],
  );

  // Leaving the page ends every notice as if its time ran out, so deferred changes are sent, not lost.
  useEffect(() => {
    const flush = () => {
      for (const id of [...live.current.keys()]) end(id, 'expired');
    };
    window.addEventListener('pagehide', flush);
    return () => window.removeEventListener('pagehide', flush);
  }, [end]);

  const value = useMemo(() => notify, [notify]);

  return (
    <NoticeContext.Provider value={value}>
      {children}
      <Stack
        gap="xs"
        aria-live="polite"
        style={{
          position: 'fixed',
          bottom: 16,
          left: 16,
          zIndex: 1000,
          maxWidth: 'min(420px, calc(100vw - 32px))',
        }}
      >
        {notices.map((n) => (
          <Notification
            key={n.id}
            color={COLORS[n.tone]}
            role={n.tone === 'error' ? 'alert' : 'status'}
            data-testid={`notice-${n.tone}`}
            onClose={() => end(n.id, 'dismissed')}
            closeButtonProps={{ 'aria-label': 'Dismiss message' }}
            onMouseEnter={n.action ? () => window.clearTimeout(timers.current.get(n.id)) : undefined}
            onMouseLeave={n.action ? () => startTimer(n) : undefined}
            onFocus={n.action ? () => window.clearTimeout(timers.current.get(n.id)) : undefined}
            onBlur={n.action ? () => startTimer(n) : undefined}
          >
            {n.action ? (
              <Group justify="space-between" wrap="nowrap" gap="sm">
                <Text size="sm">{n.message}</Text>
                <Button
                  size="compact-sm"
                  variant="light"
                  onClick={() => {
                    end(n.id, 'action');
                    n.action?.run();
                  }}
                >
                  {n.action.label}
                </Button>
              </Group>
            ) : (
              n.message
            )}
          </Notification>
        ))}
      </Stack>
    </NoticeContext.Provider>
  );
}

export function useNotify(): Notify {
  return useContext(NoticeContext);
}
