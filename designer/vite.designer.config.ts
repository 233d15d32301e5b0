import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';
import vue from '@vitejs/plugin-vue';
import components from 'unplugin-vue-components/vite';
import { ElementPlusResolver } from 'unplugin-vue-components/resolvers';
import { VantResolver } from '@vant/auto-import-resolver';

const here = (path: string) => fileURLToPath(new URL(path, import.meta.url));

/**
 * The administrators' designer: its own entry, served at /designer/ (hash routes). Element Plus
 * and bpmn-js live here only; the worker app's build (vite.config.ts) never sees them.
 */
export default defineConfig({
  root: here('./src/designer'),
  base: '/designer/',
  publicDir: false,
  plugins: [
    vue(),
    // Element Plus components and their styles, imported where a template uses them; Vant's for
    // the form preview, which renders with the worker app's own renderers (src/forms/).
    components({ resolvers: [ElementPlusResolver({ importStyle: 'css' }), VantResolver()], dts: false, dirs: [] }),
  ],
  resolve: {
    alias: { '@forms': here('./src/forms'), '@shared': here('./src/shared'), '@designer': here('./src/designer'), '@engine-bpmn': here('../engine/src/bpmn') },
    // One ajv 8 for JSON Forms and the form checks (the root install also holds eslint's ajv 6).
    dedupe: ['ajv', 'vue'],
  },
  server: {
    port: Number(process.env.GRIDFLOW_UI_PORT ?? 5174),
    fs: { allow: [here('..')] },
    proxy: { '/api': `http://127.0.0.1:${process.env.GRIDFLOW_API_PORT || 3000}` },
  },
  build: {
    outDir: here('./dist/designer'),
    emptyOutDir: true,
    // The modeler with its panel and linter is one large chunk, loaded on the process routes only.
    chunkSizeWarningLimit: 2_000,
    rollupOptions: {
      output: {
        manualChunks: (id) => (/node_modules\/(element-plus|@element-plus)\//.test(id) ? 'element-plus' : /node_modules\/(@vue|vue|vue-router|vue-i18n|@intlify)\//.test(id) ? 'vue' : undefined),
      },
    },
  },
});
