import { createApp } from 'vue';
import 'vant/es/toast/style';
import 'vant/es/dialog/style';
import 'vant/es/notify/style';
import App from './App.vue';
import { router } from './router';
import { i18n } from './i18n/i18n';
import { startOutbox } from './outbox/outbox-status';
import { keepReadsWith } from '@shared/api/http-client';
import './app.css';

// The reads a worker needs offline are kept in the phone's IndexedDB, loaded with the first such read.
keepReadsWith(() => import('./offline/offline-reads').then((module) => module.offlineReads));

createApp(App).use(router).use(i18n).mount('#app');

// The outbox (and Dexie with it) loads once the first screen is up, and sends what waits.
function start(): void {
  startOutbox().catch((error: unknown) => console.error('gridflow: the outbox did not start', error));
}
void router.isReady().then(() => {
  if ('requestIdleCallback' in window) requestIdleCallback(start, { timeout: 2000 });
  else setTimeout(start, 200);
});
