/** Name and CPU ms (user + system) of a process or thread, from its /proc/…/stat file. */
export function readProcStat(file: string): { name: string; ms: number };
