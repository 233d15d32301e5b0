import type { PostDefinition } from '../packs/pack-files.ts';
import type { Organisation } from './organisation.ts';

/** The post kinds a grid's public board shows, in the order Zhanshan's boards list them (field study 001). */
const SHOWN: PostDefinition['kind'][] = ['instructor', 'leader', 'fullTime', 'professional', 'partTime', 'volunteer', 'buildingHead', 'selfManagement', 'supervision'];

export interface GridBoard {
  grid: { id: string; name: string; code: string; level: string; households: number | null };
  /** The grids above it, from the top: where the grid sits. */
  within: { id: string; name: string; level: string }[];
  staff: { name: string; post: string; postName: string; kind: string; phone: string | null }[];
  /** The "grid + N" partners that serve it (police beat, property company, volunteer teams …). */
  partners: { code: string; name: string; kind: string }[];
}

/**
 * A grid's public board (网格公示牌): who serves the grid, in which post, and their service phone,
 * as each grid shows them in a visible place, so residents know whom to call: the grid's own
 * staff, its self-management committee and who supervises it. Office posts (dispatchers,
 * department handlers, policy staff) are not on it.
 */
export function gridBoard(org: Organisation, gridId: string): GridBoard | undefined {
  const grid = org.grid(gridId);
  if (!grid) return undefined;
  const posts = new Map(org.content.posts.map((post) => [post.code, post]));
  const staff = org.content.people.flatMap((person) => person.posts
    .filter((holding) => holding.gridId === gridId)
    .flatMap((holding) => {
      const post = posts.get(holding.post);
      return post && SHOWN.includes(post.kind) ? [{ name: person.name, post: post.code, postName: post.name, kind: post.kind, phone: person.phone ?? null }] : [];
    }));
  staff.sort((a, b) => SHOWN.indexOf(a.kind as PostDefinition['kind']) - SHOWN.indexOf(b.kind as PostDefinition['kind']));
  const within = org.path(gridId).slice(0, -1).flatMap((id) => {
    const above = org.grid(id);
    return above ? [{ id: above.id, name: above.name, level: above.level }] : [];
  });
  const partners = org.content.partners.filter((partner) => org.serves(partner, gridId)).map(({ code, name, kind }) => ({ code, name, kind }));
  return { grid: { id: grid.id, name: grid.name, code: grid.code, level: grid.level, households: grid.households ?? null }, within, staff, partners };
}
