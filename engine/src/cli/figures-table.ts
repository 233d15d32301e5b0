import type { FigureRow } from '../cases/figures.ts';

const columns: { title: string; value: (row: FigureRow) => string; left?: boolean }[] = [
  { title: 'street', value: (row) => row.gridName || row.gridId, left: true },
  { title: 'reported', value: (row) => String(row.reported) },
  { title: 'handledInGrid', value: (row) => String(row.handledInGrid) },
  { title: 'escalated', value: (row) => String(row.escalated) },
  { title: 'closed', value: (row) => String(row.closed) },
  { title: 'onTimeRate', value: (row) => (row.onTimeRate === null ? '-' : `${Math.round(row.onTimeRate * 100)}%`) },
  { title: 'satisfactionAvg', value: (row) => (row.satisfactionAvg === null ? '-' : row.satisfactionAvg.toFixed(1)) },
];

/** The figures rows as a plain text table; Chinese names count two columns wide. */
export function figuresTable(rows: FigureRow[], groupTitle = 'street'): string {
  const titles = columns.map((column, index) => (index === 0 ? groupTitle : column.title));
  const cells = rows.map((row) => columns.map((column) => column.value(row)));
  const widths = columns.map((column, index) => Math.max(displayWidth(titles[index] ?? column.title), ...cells.map((line) => displayWidth(line[index] ?? ''))));
  const format = (line: string[]) => line.map((cell, index) => {
    const pad = ' '.repeat((widths[index] ?? 0) - displayWidth(cell));
    return columns[index]?.left ? cell + pad : pad + cell;
  }).join('  ').trimEnd();
  return [format(titles), ...cells.map(format)].join('\n');
}

/** Terminal columns a text takes: East Asian wide and full-width characters take two. */
export function displayWidth(text: string): number {
  let width = 0;
  for (const char of text) width += /[\u1100-\u115f\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6]/u.test(char) ? 2 : 1;
  return width;
}
