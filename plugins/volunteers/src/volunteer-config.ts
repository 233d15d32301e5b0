/** A volunteer team or social organisation under contract, and the items it is contracted for. */
export interface Team {
  id: string;
  name: string;
  /** The organisation it belongs to (the contract's party); the team itself when none is named. */
  organisation?: string;
  /** Where offers are posted (the team's app or group robot): `<url>/offers`. */
  url: string;
  itemCodes: string[];
  /** The grids it serves (any level); every grid when none are named. */
  gridIds?: string[];
}

export interface VolunteersConfig {
  teams: Team[];
}

export const configSchema = {
  type: 'object',
  required: ['teams'],
  additionalProperties: false,
  properties: {
    teams: {
      type: 'array',
      minItems: 1,
      items: {
        type: 'object', required: ['id', 'name', 'url', 'itemCodes'], additionalProperties: false,
        properties: {
          id: { type: 'string', pattern: '^[a-z0-9][a-z0-9-]*$', maxLength: 100 },
          name: { type: 'string', minLength: 1, maxLength: 100 },
          organisation: { type: 'string', minLength: 1, maxLength: 100 },
          url: { type: 'string', format: 'uri' },
          itemCodes: { type: 'array', minItems: 1, items: { type: 'string', minLength: 1 } },
          gridIds: { type: 'array', minItems: 1, items: { type: 'string', minLength: 1 } },
        },
      },
    },
  },
} as const;

/** The teams contracted for an item that serve a grid (its path: the grid and every grid above it). */
export function teamsFor(config: VolunteersConfig, itemCode: string, path: string[]): Team[] {
  return config.teams.filter((team) => team.itemCodes.includes(itemCode) && (team.gridIds === undefined || team.gridIds.some((gridId) => path.includes(gridId))));
}

export const organisationOf = (team: Team) => team.organisation ?? team.name;
