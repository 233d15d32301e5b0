/** A grid's public board (网格公示牌) as `GET /boards/:gridId` answers it; read without sign-in. */
export interface GridBoard {
  grid: { id: string; name: string; code: string; level: string; households: number | null };
  within: { id: string; name: string; level: string }[];
  staff: { name: string; post: string; postName: string; kind: string; phone: string | null }[];
  partners: { code: string; name: string; kind: string }[];
}

/** A resident opens the board from a QR code on the grid's board: no session, no token. */
export async function getBoard(tenantId: string, gridId: string): Promise<GridBoard> {
  const response = await fetch(`/api/v1/boards/${encodeURIComponent(gridId)}?tenantId=${encodeURIComponent(tenantId)}`, { headers: { accept: 'application/json' } });
  if (!response.ok) throw new Error(String(response.status));
  return (await response.json()) as GridBoard;
}
