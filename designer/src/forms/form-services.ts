import { inject, type InjectionKey } from 'vue';
import type { GridFeature } from './widgets/GridMap.vue';

export interface PersonOption {
  id: string;
  name: string;
}

export interface GridOption {
  id: string;
  name: string;
  parentId: string | null;
}

export interface UploadedPhoto {
  id: string;
  thumbnailUrl?: string;
}

/**
 * What the widgets need from outside the form (the API, the device). The worker app gives its
 * own; the designer's preview can give canned ones. Kept out of the renderers so they import no
 * app code.
 */
export interface FormServices {
  people(gridId?: string): Promise<PersonOption[]>;
  grids(): Promise<GridOption[]>;
  /** Resolves with the stored attachment; rejects with an error whose `status` is the HTTP status. */
  uploadPhoto(file: File): Promise<UploadedPhoto>;
  /** The device's position, or a rejection when it cannot be had. */
  locate(): Promise<{ lng: number; lat: number }>;
  /** The grids to draw for picking a place by hand (their boundaries); none when there is no map. */
  gridMap(): Promise<GridFeature[]>;
  /** The grid the form is about (a person picker lists its people by default). */
  gridId?: string;
}

export const FORM_SERVICES: InjectionKey<FormServices> = Symbol('gridflow form services');

export function useFormServices(): FormServices {
  const services = inject(FORM_SERVICES);
  if (!services) throw new Error('a Gridflow form needs FormServices provided');
  return services;
}
