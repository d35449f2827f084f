import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

// The API runs on its own port during `npm run dev:web`; in production the same server serves both.
const apiTarget = process.env.PARLEY_API_URL ?? 'http://localhost:3000';

export default defineConfig({
  root: import.meta.dirname,
  plugins: [react()],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    // Pages load as their own chunks (app/routes.tsx); the dashboard's charts are the largest.
    chunkSizeWarningLimit: 600,
  },
  server: {
    proxy: { '/api': apiTarget },
  },
});
