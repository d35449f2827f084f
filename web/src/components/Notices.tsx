import { Notification, Stack } from '@mantine/core';
import { createContext, type ReactNode, useCallback, useContext, useMemo, useRef, useState } from 'react';

type Tone = 'success' | 'error' | 'info';

interface Notice {
  id: number;
  tone: Tone;
  message: string;
}

type Notify = (message: string, tone?: Tone) => void;

const NoticeContext = createContext<Notify>(() => {});
const VISIBLE_MS = 6000;
const COLORS: Record<Tone, string> = { success: 'teal', error: 'red', info: 'blue' };

/** Short messages after an action ("Lead saved", "You can update only deals assigned to you"). */
export function NoticeProvider({ children }: { children: ReactNode }) {
  const [notices, setNotices] = useState<Notice[]>([]);
  const nextId = useRef(1);

  const dismiss = useCallback((id: number) => setNotices((all) => all.filter((n) => n.id !== id)), []);

  const notify = useCallback<Notify>(
    (message, tone = 'success') => {
      const id = nextId.current++;
      setNotices((all) => [...all.slice(-3), { id, tone, message }]);
      window.setTimeout(() => dismiss(id), VISIBLE_MS);
    },
    [dismiss],
  );

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
            onClose={() => dismiss(n.id)}
            closeButtonProps={{ 'aria-label': 'Dismiss message' }}
          >
            {n.message}
          </Notification>
        ))}
      </Stack>
    </NoticeContext.Provider>
  );
}

export function useNotify(): Notify {
  return useContext(NoticeContext);
}
