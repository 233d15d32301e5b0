import type { Output } from './output.ts';

const WIDTH = 30;

/**
 * `[#########.....................] 9/30 cases closed`: redrawn in place on a terminal, else one line
 * each time another tenth is reached (so a log file is not flooded).
 */
export class ProgressBar {
  private lastTenth = -1;
  private drawn = false;

  constructor(private readonly out: Output, private readonly label: string) {}

  update(done: number, total: number, note = ''): void {
    const line = `${bar(done, total)} ${done}/${total} ${this.label}${note ? ` · ${note}` : ''}`;
    if (this.out.isTTY) {
      this.out.write(`\r${line}\x1b[K`);
      this.drawn = true;
      return;
    }
    const tenth = total === 0 ? 10 : Math.floor((done / total) * 10);
    if (tenth > this.lastTenth) {
      this.lastTenth = tenth;
      this.out.write(`${line}\n`);
    }
  }

  /** Ends the redrawn line, so what follows starts on a line of its own. */
  finish(): void {
    if (this.drawn) this.out.write('\n');
    this.drawn = false;
  }
}

function bar(done: number, total: number): string {
  const filled = total === 0 ? WIDTH : Math.min(WIDTH, Math.round((done / total) * WIDTH));
  return `[${'#'.repeat(filled)}${'.'.repeat(WIDTH - filled)}]`;
}
