// Preloaded (node --import) into a process a benchmark starts: at exit it writes the process's CPU time (user +
// system, ms, all threads) to the file BENCH_CPU_FILE names, since a parent cannot read it once the child is gone.
import { writeFileSync } from 'node:fs';

const file = process.env.BENCH_CPU_FILE;
if (file) {
  process.on('exit', () => {
    const { userCPUTime, systemCPUTime } = process.resourceUsage();
    writeFileSync(file, String(Math.round((userCPUTime + systemCPUTime) / 1000)));
  });
}
