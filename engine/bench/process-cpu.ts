import { readdirSync, readFileSync } from 'node:fs';

/** Clock ticks per second of /proc's CPU times (USER_HZ, 100 on Linux). */
const TICKS_PER_SECOND = 100;

/**
 * CPU seconds used so far by this process and by the database server's processes (FerretDB and
 * PostgreSQL, read from /proc): where the time of a benchmark went. Empty for the server's part
 * where /proc is not there.
 */
export function cpuSeconds(): { engine: number; ferretdb: number; postgres: number } {
  const usage = process.cpuUsage();
  const totals = { engine: (usage.user + usage.system) / 1e6, ferretdb: 0, postgres: 0 };
  let pids: string[] = [];
  try {
    pids = readdirSync('/proc').filter((name) => /^\d+$/.test(name));
  } catch {
    return totals;
  }
  for (const pid of pids) {
    let stat: string;
    try {
      stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    } catch {
      continue; // the process ended meanwhile
    }
    const comm = stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    // utime, stime, cutime and cstime are fields 14–17 of the whole line, 12–15 after the command:
    // a PostgreSQL backend that has exited counts in its postmaster's cutime and cstime.
    const seconds = (Number(fields[11]) + Number(fields[12]) + Number(fields[13]) + Number(fields[14])) / TICKS_PER_SECOND;
    if (comm === 'ferretdb') totals.ferretdb += seconds;
    else if (comm === 'postgres') totals.postgres += seconds;
  }
  return totals;
}
