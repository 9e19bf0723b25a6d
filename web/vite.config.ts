import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

// The portal is a single-page app served by the `api` role from web/dist.
// In development (`npm run dev:web`) Vite serves it and forwards API calls to a running `samsvar start`.
const root = fileURLToPath(new URL('.', import.meta.url));
// The portal imports a few pure modules from the server's src/ (the role model), so the dev server may read the repo.
const repoRoot = fileURLToPath(new URL('..', import.meta.url));
const backend = process.env.SAMSVAR_API_URL ?? 'http://localhost:8080';

export default defineConfig({
  root,
  base: '/',
  plugins: [react()],
  build: {
    outDir: fileURLToPath(new URL('./dist', import.meta.url)),
    emptyOutDir: true,
    sourcemap: true,
    rolldownOptions: {
      output: {
        // Long-lived vendor chunks, so a change in one page does not invalidate React or Designsystemet in caches.
        codeSplitting: {
          groups: [
            { name: 'react', test: /node_modules[\\/](react|react-dom|react-router|scheduler)[\\/]/, priority: 20 },
            { name: 'designsystemet', test: /node_modules[\\/]/, priority: 10 },
          ],
        },
      },
    },
  },
  server: {
    port: 5173,
    fs: { allow: [repoRoot] },
    proxy: {
      '/api': { target: backend, changeOrigin: false },
      '/health': { target: backend, changeOrigin: false },
      '/events/api': { target: backend, changeOrigin: false },
    },
  },
});
