import { createRouter, createWebHashHistory } from 'vue-router';
import { session } from '@shared/api/session';
import { whenSignedOut } from '@shared/api/http-client';

/** Where a user starts: policy staff at the rule sets, administrators at the processes. */
export function homeOf(roles: string[]): string {
  return roles.includes('administrator') || !roles.some((role) => role === 'policyEditor' || role === 'policyApprover') ? '/processes' : '/rules';
}

/**
 * Hash routes, as the worker app: the server serves the build at /designer/ without a fallback.
 * The modeler (bpmn-js, the panel, the linter) loads with the editor route only.
 */
export const router = createRouter({
  history: createWebHashHistory(),
  routes: [
    { path: '/', redirect: () => (session.current ? homeOf(session.current.user.roles) : '/sign-in') },
    { path: '/sign-in', component: () => import('./screens/SignInScreen.vue'), meta: { public: true } },
    { path: '/processes', component: () => import('./screens/ProcessListScreen.vue') },
    { path: '/processes/chain/:key', component: () => import('./screens/ChainEditorScreen.vue'), props: (route) => ({ processKey: route.params.key, name: route.query.name ?? '' }) },
    { path: '/processes/new/:key', component: () => import('./screens/ProcessEditorScreen.vue'), props: (route) => ({ processKey: route.params.key, isNew: true, name: route.query.name ?? '', fromDraft: route.query.draft === '1' }) },
    { path: '/processes/:key', component: () => import('./screens/ProcessEditorScreen.vue'), props: (route) => ({ processKey: route.params.key, version: route.query.version ? Number(route.query.version) : undefined }) },
    { path: '/instances/:id', component: () => import('./screens/InstanceScreen.vue'), props: (route) => ({ instanceId: route.params.id }) },
    { path: '/dashboard', component: () => import('./screens/DashboardScreen.vue') },
    { path: '/people', component: () => import('./screens/PeopleScreen.vue') },
    { path: '/posts', component: () => import('./screens/PostsScreen.vue') },
    { path: '/forms', component: () => import('./screens/FormsScreen.vue') },
    { path: '/catalogue', component: () => import('./screens/CatalogueScreen.vue') },
    { path: '/rules', component: () => import('./screens/RuleSetListScreen.vue') },
    { path: '/rules/:key', component: () => import('./screens/RuleSetScreen.vue'), props: (route) => ({ ruleSetKey: route.params.key }) },
    { path: '/:rest(.*)*', redirect: '/' },
  ],
});

router.beforeEach((to) => {
  if (!to.meta.public && !session.current) return { path: '/sign-in', query: { next: to.fullPath } };
  if (to.path === '/sign-in' && session.current) return homeOf(session.current.user.roles);
  return true;
});

whenSignedOut(() => {
  const next = router.currentRoute.value.fullPath;
  void router.replace({ path: '/sign-in', query: next.startsWith('/sign-in') ? {} : { next } });
});
