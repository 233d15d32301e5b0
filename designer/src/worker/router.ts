import { createRouter, createWebHashHistory } from 'vue-router';
import { session } from './api/session';
import { whenSignedOut } from './api/http-client';

/**
 * Hash routes: the server serves the built folder as static files at /worker/ and needs no
 * fallback for deep links. Everything but sign-in needs a session.
 */
export const router = createRouter({
  history: createWebHashHistory(),
  routes: [
    { path: '/', redirect: () => (session.current ? '/tasks' : '/sign-in') },
    { path: '/sign-in', component: () => import('./screens/SignInScreen.vue'), meta: { public: true } },
    { path: '/tasks', component: () => import('./screens/TaskListScreen.vue'), meta: { tab: 'tasks' } },
    { path: '/tasks/:id', component: () => import('./screens/TaskDetailScreen.vue'), props: true },
    { path: '/report', component: () => import('./screens/ReportScreen.vue'), meta: { tab: 'report' } },
    { path: '/cases/:id', component: () => import('./screens/CaseScreen.vue'), props: true },
    { path: '/me', component: () => import('./screens/MeScreen.vue'), meta: { tab: 'me' } },
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
