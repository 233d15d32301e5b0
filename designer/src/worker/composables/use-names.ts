import { ref } from 'vue';
import { listGrids, listItems } from '../api/organisation-api';

const itemNames = ref(new Map<string, string>());
const gridNames = ref(new Map<string, string>());
let loading: Promise<void> | null = null;

/** Names of catalogue items and grids by code and id, read once, for cards and case views. */
export function useNames() {
  loading ??= Promise.all([listItems(), listGrids()])
    .then(([items, grids]) => {
      itemNames.value = new Map(items.map((item) => [item.code, item.name]));
      gridNames.value = new Map(grids.map((grid) => [grid.id, grid.name]));
    })
    .catch(() => { loading = null; });
  return {
    itemName: (code: unknown) => (typeof code === 'string' ? itemNames.value.get(code) ?? code : ''),
    gridName: (id: unknown) => (typeof id === 'string' ? gridNames.value.get(id) ?? id : ''),
  };
}
