/**
 * The web app's build (`npm run build:web`, `npm run dev:web`); Vitest keeps its own vitest.config.ts.
 *
 * Stack: Preact + TypeScript, bundled by Vite. Vite is the bundler Vitest already runs on (one
 * toolchain, one major version), builds in about a second, and its dev server proxies the API.
 * Preact gives components and hooks in 4 kB of runtime without a framework to learn around; the
 * app is one page (hash routes) served by the same Fastify process from dist/web, with no CDN.
 */
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

const api = process.env.SID_API_URL ?? 'http://127.0.0.1:3000';

export default defineConfig({
  root: fileURLToPath(new URL('./app', import.meta.url)),
  base: '/',
  oxc: { jsx: { runtime: 'automatic', importSource: 'preact' } },
  build: {
    outDir: fileURLToPath(new URL('../../dist/web', import.meta.url)),
    emptyOutDir: true,
    target: 'es2022',
    // The whole app is small: one bundle is faster to load than a waterfall of chunks.
    chunkSizeWarningLimit: 300,
  },
  server: {
    host: '127.0.0.1',
    port: 5173,
    strictPort: true,
    // The Host header passes through unchanged, so the API's Origin check sees its own origin.
    proxy: { '/api': { target: api }, '/health': { target: api } },
  },
  clearScreen: false,
});
