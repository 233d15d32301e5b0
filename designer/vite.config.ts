import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';
import vue from '@vitejs/plugin-vue';
import components from 'unplugin-vue-components/vite';
import { VantResolver } from '@vant/auto-import-resolver';

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
  ],
  resolve: {
    alias: { '@forms': here('./src/forms'), '@worker': here('./src/worker') },
    // One ajv 8 for JSON Forms, ajv-formats and ours: the root install also holds eslint's ajv 6,
    // and two copies of ajv's code generator do not mix.
    dedupe: ['ajv', 'vue'],
  },
  build: {
    outDir: here('./dist/worker'),
    emptyOutDir: true,
    chunkSizeWarningLimit: 400,
  },
  server: {
    port: Number(process.env.GRIDFLOW_UI_PORT ?? 5173),
    proxy: { '/api': `http://127.0.0.1:${process.env.GRIDFLOW_API_PORT || 3000}` },
  },
  preview: {
    port: Number(process.env.GRIDFLOW_UI_PORT ?? 4173),
    // The policy the server sends with /worker/ (engine/src/http/security.ts), so a preview
    // meets the same limits (no eval, no blob: images) as the served app.
    headers: { 'Content-Security-Policy': "default-src 'self';base-uri 'self';font-src 'self' https: data:;form-action 'self';frame-ancestors 'none';img-src 'self' data:;object-src 'none';script-src 'self';script-src-attr 'none';style-src 'self' 'unsafe-inline';connect-src 'self'" },
    proxy: { '/api': `http://127.0.0.1:${process.env.GRIDFLOW_API_PORT || 3000}` },
  },
});
