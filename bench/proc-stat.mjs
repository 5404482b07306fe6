// CPU time from Linux /proc stat files, for the benchmarks' "where the CPU went" lines.
import { readFileSync } from 'node:fs';

/** Name and CPU ms (user + system, 10 ms ticks) of a process or thread, from its /proc/…/stat file. */
export function readProcStat(file) {
  const stat = readFileSync(file, 'utf8');
  // The name is in parentheses and may hold spaces: the fields after it are counted from its closing one.
  const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return { name: stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')')), ms: (Number(f[11]) + Number(f[12])) * 10 };
}
