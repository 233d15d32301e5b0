import type { FormServices } from '@forms/form-services';
import { call } from '@shared/api/http-client';
import { listGrids } from '../api/organisation-api';
import { currentTenant } from '@shared/api/session';

const tenantId = currentTenant;

/**
 * The form widgets' services in the designer's preview: the tenant's people and grids from the
 * API, as a worker would see them; nothing is uploaded and no position is taken.
 */
export function previewFormServices(): FormServices {
  return {
    people: async (gridId) => (await call<{ id: string; name: string }[]>('/people', { query: { tenantId: tenantId(), gridId } })).map(({ id, name }) => ({ id, name })),
    grids: async () => (await listGrids()).map(({ id, name, parentId }) => ({ id, name, parentId })),
    uploadPhoto: () => Promise.reject(Object.assign(new Error('预览中不上传照片'), { status: 0 })),
    locate: () => Promise.reject(new Error('预览中不取位置')),
    gridMap: async () => [],
  };
}
