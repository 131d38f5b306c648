import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';
import { VitePWA } from 'vite-plugin-pwa';

const backend = 'http://localhost:8787';

export default defineConfig({
  plugins: [
    react(),
    // The app shell (HTML, JS, CSS) is precached by a Workbox service worker, so a board opened
    // before opens without a connection (its data is in IndexedDB). A new deploy's worker takes
    // over at once (skipWaiting + clientsClaim) and the page offers a reload (app/appUpdates.ts).
    VitePWA({
      strategies: 'generateSW',
      injectRegister: false,
      manifest: false,
      workbox: {
        globPatterns: ['**/*.{js,css,html,svg,ico,png,woff2}'],
        navigateFallback: '/index.html',
        // The API, the sync socket and health checks always go to the network.
        navigateFallbackDenylist: [/^\/api\//, /^\/sync\//, /^\/healthz/],
        cleanupOutdatedCaches: true,
        clientsClaim: true,
        skipWaiting: true,
        sourcemap: false,
      },
    }),
  ],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    sourcemap: true,
    rollupOptions: {
      output: {
        // Long-lived vendor code in its own chunks, so app releases do not bust their cache.
        manualChunks(id) {
          const pkg = /node_modules\/(?:\.pnpm\/[^/]+\/node_modules\/)?((?:@[^/]+\/)?[^/]+)/.exec(id)?.[1];
          if (!pkg) return undefined;
          if (pkg === 'yjs' || pkg === 'y-websocket' || pkg === 'y-indexeddb' || pkg === 'y-protocols') return 'yjs';
          if (pkg.startsWith('@dnd-kit/')) return 'dnd';
          // Separate files load in parallel and are parsed and compiled off the main thread side by
          // side (one 560 kB entry was one long stream; DECISIONS 121).
          if (pkg === 'react' || pkg === 'react-dom' || pkg === 'scheduler') return 'react';
          if (pkg === 'zod') return 'zod';
          return undefined;
        },
      },
    },
  },
  server: {
    port: 5173,
    proxy: {
      '/api': { target: backend, changeOrigin: true },
      '/healthz': { target: backend, changeOrigin: true },
      '/sync': { target: backend, changeOrigin: true, ws: true },
    },
  },
});
