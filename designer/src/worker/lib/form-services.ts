import type { FormServices } from '@forms/form-services';
import { gridMap, listGrids, listPeople } from '../api/organisation-api';
import { uploadAttachment } from '../api/attachments-api';
import { deviceLocation } from './device-location';

/** The form widgets' services in the worker app: the API and the device. */
export function workerFormServices(context: { gridId?: string; caseId?: string } = {}): FormServices {
  return {
    gridId: context.gridId,
    people: async (gridId) => (await listPeople(gridId)).map((person) => ({ id: person.id, name: person.name })),
    grids: async () => (await listGrids()).map((grid) => ({ id: grid.id, name: grid.name, parentId: grid.parentId })),
    // One upload is one submission: its own key (a photo is never sent twice on purpose).
    uploadPhoto: (file) => uploadAttachment(file, crypto.randomUUID(), context.caseId),
    locate: () => deviceLocation(),
    gridMap: () => gridMap(),
  };
}
