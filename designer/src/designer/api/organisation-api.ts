import { call } from '@shared/api/http-client';
import { currentTenant } from '@shared/api/session';

/** The tenant's organisation as the designer's screens read it (organisation routes of the API). */
const query = () => ({ tenantId: currentTenant() });

export const listLevels = () => call<string[]>('/levels', { query: query() });
export const listPosts = () => call<{ code: string; name: string }[]>('/posts', { query: query() });
export const listPartners = () => call<{ code: string; name: string }[]>('/partners', { query: query() });
export const listGrids = () => call<{ id: string; name: string; parentId: string | null }[]>('/grids', { query: query() });
export const listForms = () => call<{ key: string; title: { 'zh-CN': string; en: string } }[]>('/forms', { query: query() });
