// The compiled `ferry` command (dist/, built by `npm run build`), as bin/ferry.mjs runs it when dist/ is current:
// a benchmark measures the built code even when a source file was saved after the build.
(await import('../dist/host/heap-tuning.js')).tuneHeap();
const { main } = await import('../dist/cli/main.js');
await main(process.argv);
