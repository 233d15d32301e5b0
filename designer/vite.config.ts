import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';
import vue from '@vitejs/plugin-vue';
import components from 'unplugin-vue-components/vite';
import { VantResolver } from '@vant/auto-import-resolver';
import { VitePWA } from 'vite-plugin-pwa';

const here = (path: string) => fileURLToPath(new URL(path, import.meta.url));

/**
 * The grid worker's phone app: its own entry, served by the server as static files at /worker/
 * (hash routes, so the server needs no fallback). The administrators' designer will be another
 * entry; nothing of Element Plus or bpmn-js is imported from here.
 */
export default defineConfig({
  root: here('./src/worker'),
  base: '/worker/',
  publicDir: false,
  plugins: [
    vue(),
    // Vant components and their styles, imported where a template uses them.
    components({ resolvers: [VantResolver()], dts: false, dirs: [] }),
    // The app shell offline: a service worker precaching this build, answering every navigation
    // under /worker/ with index.html (hash routes). The API is never cached by it: what the worker
    // needs offline is kept by the app itself in IndexedDB (src/worker/offline/, src/worker/outbox/),
    // where it can say how old it is and send submissions exactly once.
    VitePWA({
      strategies: 'generateSW',
      registerType: 'autoUpdate',
      // A registerSW.js file, not an inline script: the CSP allows scripts from 'self' only.
      injectRegister: 'script-defer',
      scope: '/worker/',
      base: '/worker/',
      manifest: {
        name: '网格员', short_name: '网格员', lang: 'zh-CN', start_url: '/worker/', scope: '/worker/',
        display: 'standalone', theme_color: '#1989fa', background_color: '#f5f6f8', icons: [],
      },
      workbox: {
        globPatterns: ['**/*.{js,css,html,svg,png,woff,woff2}'],
        navigateFallback: 'index.html',
        navigateFallbackDenylist: [/^\/api\//],
        runtimeCaching: [],
        cleanupOutdatedCaches: true,
        clientsClaim: true,
        skipWaiting: true,
      },
    }),
  ],
  resolve: {
    alias: { '@forms': here('./src/forms'), '@worker': here('./src/worker'), '@shared': here('./src/shared') },
    // One ajv 8 for JSON Forms, ajv-formats and ours: the root install also holds eslint's ajv 6,
    // and two copies of ajv's code generator do not mix.
    dedupe: ['ajv', 'vue'],
  },
  build: {
    outDir: here('./dist/worker'),
    emptyOutDir: true,
    chunkSizeWarningLimit: 400,
    rollupOptions: {
      output: {
        // The first screen in few files: on a phone 150 ms away every extra round of requests costs more than the bytes.
        // Vue and the Vant components the app uses form one chunk; the forms (JSON Forms, ajv) stay apart, loaded with a task.
        manualChunks: (id) => (/node_modules\/(vant|@vant)\//.test(id) ? 'vant' : /node_modules\/(@vue|vue|vue-router|vue-i18n|@intlify)\//.test(id) ? 'vue' : undefined),
      },
    },
  },
  server: {
    port: Number(process.env.GRIDFLOW_UI_PORT ?? 5173),
    proxy: { '/api': `http://127.0.0.1:${process.env.GRIDFLOW_API_PORT || 3000}` },
  },
  preview: {
    port: Number(process.env.GRIDFLOW_UI_PORT ?? 4173),
    // The policy the server sends with /worker/ (engine/src/http/security.ts), so a preview
    // meets the same limits (no eval, images from data: and blob: URLs only) as the served app.
    headers: { 'Content-Security-Policy': "default-src 'self';base-uri 'self';font-src 'self' https: data:;form-action 'self';frame-ancestors 'none';img-src 'self' data: blob:;worker-src 'self';manifest-src 'self';object-src 'none';script-src 'self';script-src-attr 'none';style-src 'self' 'unsafe-inline';connect-src 'self'" },
    proxy: { '/api': `http://127.0.0.1:${process.env.GRIDFLOW_API_PORT || 3000}` },
  },
});
