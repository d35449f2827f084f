import '@mantine/core/styles.css';
import '@mantine/charts/styles.css';
import './app/global.css';
import { MantineProvider } from '@mantine/core';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { ApiError } from './api/client.ts';
import { App } from './app/App.tsx';
import { colorSchemeManager, cssVariablesResolver, theme } from './app/theme.ts';
import { NoticeProvider } from './components/Notices.tsx';
import { SessionProvider } from './session/SessionProvider.tsx';

const queries = new QueryClient({
  defaultOptions: {
    queries: {
      staleTime: 15_000,
      // A refusal or a missing record will not change on a second try; a dropped connection may.
      retry: (failures, error) =>
        failures < 2 && !(error instanceof ApiError && error.status >= 400 && error.status < 500),
      refetchOnWindowFocus: false,
    },
  },
});

const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root element');

createRoot(root).render(
  <StrictMode>
    <MantineProvider
      theme={theme}
      cssVariablesResolver={cssVariablesResolver}
      colorSchemeManager={colorSchemeManager}
      defaultColorScheme="auto"
    >
      <QueryClientProvider client={queries}>
        <NoticeProvider>
          <SessionProvider>
            <App />
          </SessionProvider>
        </NoticeProvider>
      </QueryClientProvider>
    </MantineProvider>
  </StrictMode>,
);
