import { createRouter, createWebHashHistory } from 'vue-router';
import { session } from '@shared/api/session';
import { whenSignedOut } from '@shared/api/http-client';
import TaskListScreen from './screens/TaskListScreen.vue';

/**
 * Hash routes: the server serves the built folder as static files at /worker/ and needs no
 * fallback for deep links. Everything but sign-in needs a session.
 */
export const router = createRouter({
  history: createWebHashHistory(),
  routes: [
    { path: '/', redirect: () => (session.current ? '/tasks' : '/sign-in') },
    { path: '/sign-in', component: () => import('./screens/SignInScreen.vue'), meta: { public: true } },
    // The first screen of a signed-in worker comes with the app, not after it.
    { path: '/tasks', component: TaskListScreen, meta: { tab: 'tasks' } },
    { path: '/tasks/:id', component: () => import('./screens/TaskDetailScreen.vue'), props: true },
    { path: '/report', component: () => import('./screens/ReportScreen.vue'), meta: { tab: 'report' } },
    { path: '/cases/:id', component: () => import('./screens/CaseScreen.vue'), props: true },
    { path: '/me', component: () => import('./screens/MeScreen.vue'), meta: { tab: 'me' } },
    // 网格公示牌: what the QR code on a grid's board opens, for residents without an account.
    { path: '/board/:tenantId/:gridId', component: () => import('./screens/BoardScreen.vue'), props: true, meta: { public: true } },
    { path: '/me/outbox', component: () => import('./screens/OutboxScreen.vue') },
    { path: '/me/reports', component: () => import('./screens/MyReportsScreen.vue') },
    { path: '/:rest(.*)*', redirect: '/' },
  ],
});

router.beforeEach((to) => {
  if (!to.meta.public && !session.current) return { path: '/sign-in', query: { next: to.fullPath } };
  if (to.path === '/sign-in' && session.current) return '/tasks';
  return true;
});

// A refresh that failed ends the session: back to sign-in, keeping where the worker was.
whenSignedOut(() => {
  const next = router.currentRoute.value.fullPath;
  void router.replace({ path: '/sign-in', query: next.startsWith('/sign-in') ? {} : { next } });
});
