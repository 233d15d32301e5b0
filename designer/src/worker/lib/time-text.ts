const two = (value: number) => String(value).padStart(2, '0');

/** "12-03 15:20" (this year) or "2025-12-03 15:20": short enough for a task card. */
export function shortTime(iso: string | null | undefined): string {
  if (!iso) return '';
  const at = new Date(iso);
  if (Number.isNaN(at.getTime())) return iso;
  const day = `${two(at.getMonth() + 1)}-${two(at.getDate())} ${two(at.getHours())}:${two(at.getMinutes())}`;
  return at.getFullYear() === new Date().getFullYear() ? day : `${at.getFullYear()}-${day}`;
}
