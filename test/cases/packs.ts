/** What the event-loop tests need to know of each delivered pack: places, people and items from its data. */
export interface PackFixture {
  pack: string;
  /** A point inside `grid`, and one outside every grid. */
  point: { lng: number; lat: number };
  outside: { lng: number; lat: number };
  grid: string;
  community: string;
  street: string;
  /** The bottom-rung worker of `grid` and the community-level handler above it. */
  worker: string;
  communityHandler: string;
  /** An item handled in the grid whose authority is the community. */
  inGridItem: string;
  /** An item handled in the grid that may climb through `ladder` (its last rung holds the authority). */
  ladderItem: string;
  ladder: string[];
  /** A department item: climbs `via`, then goes to `partner`, whose handlers are listed. */
  department: { item: string; via: string[]; partner: string; handlers: string[] };
}

export const packs: PackFixture[] = [
  {
    pack: 'tcity',
    point: { lng: 112.43, lat: 37.72 },
    outside: { lng: 100, lat: 20 },
    grid: 'ky-01',
    community: 'ky',
    street: 'binhe-street',
    worker: 'p-0008',
    communityHandler: 'p-0005',
    inGridItem: 'TC-0801',
    ladderItem: 'TC-0803',
    ladder: ['grid', 'community', 'street', 'district'],
    department: { item: 'TC-0802', via: ['grid', 'community'], partner: 'market-supervision', handlers: ['p-0065', 'p-0066'] },
  },
  {
    pack: 'zaozhuang-y',
    point: { lng: 117.286, lat: 34.787 },
    outside: { lng: 100, lat: 20 },
    grid: 'y-01',
    community: 'y-community',
    street: 's-street',
    worker: 'p-0002',
    communityHandler: 'p-0001',
    inGridItem: 'ZY-0101',
    ladderItem: 'ZY-0402',
    ladder: ['grid', 'community', 'street', 'city'],
    department: { item: 'ZY-0202', via: ['grid', 'community'], partner: 'market-supervision', handlers: ['p-0032'] },
  },
];
