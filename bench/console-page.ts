// npm run bench:console-page — the web console's first page in Chromium, as a person opening it: the demo app and
// a host over TLS on loopback, then N fresh browser contexts (nothing cached) each loading /console/ until the
// sign-in form shows, and one signed-in load of the dashboard with its data. Prints the bundle's gzipped size and
// the figures (median and p95); the last line is one JSON object. Target: first page under 1 s.
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { signIn, startConsoleRig } from '../test/helpers/console-browser.ts';

const SAMPLES = Number(process.env.BENCH_SAMPLES ?? 15);

function quantile(xs: number[], q: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return Math.round(s[Math.min(s.length - 1, Math.floor(q * s.length))]!);
}

function bundleGzipBytes(): number {
  const dir = join('dist', 'console');
  const files = ['index.html', ...readdirSync(join(dir, 'assets')).map((f) => join('assets', f))];
  return files.reduce((a, f) => a + gzipSync(readFileSync(join(dir, f))).length, 0);
}

const rig = await startConsoleRig({ seed: 25 });
try {
  const shown: number[] = [];
  const loaded: number[] = [];
  for (let i = 0; i < SAMPLES; i++) {
    const ctx = await rig.context();
    const page = await ctx.newPage();
    const t0 = performance.now();
    await page.goto(rig.url);
    await page.getByLabel('Admin token').waitFor();
    shown.push(performance.now() - t0);
    loaded.push(
      await page.evaluate(
        () => (performance.getEntriesByType('navigation')[0] as PerformanceNavigationTiming).loadEventEnd,
      ),
    );
    await ctx.close();
  }
  const ctx = await rig.context();
  const page = await ctx.newPage();
  await signIn(page, rig.url);
  const t0 = performance.now();
  await page.reload();
  await page.getByRole('img', { name: /Operations per interval/ }).waitFor();
  const dashboardMs = Math.round(performance.now() - t0);
  await ctx.close();
  const figures = {
    samples: SAMPLES,
    bundleGzipBytes: bundleGzipBytes(),
    signInShownMsMedian: quantile(shown, 0.5),
    signInShownMsP95: quantile(shown, 0.95),
    loadEventMsMedian: quantile(loaded, 0.5),
    loadEventMsP95: quantile(loaded, 0.95),
    dashboardWithDataMs: dashboardMs,
  };
  console.log(`bundle ${figures.bundleGzipBytes} B gzipped`);
  console.log(`sign-in form shown: median ${figures.signInShownMsMedian} ms, p95 ${figures.signInShownMsP95} ms`);
  console.log(`load event: median ${figures.loadEventMsMedian} ms, p95 ${figures.loadEventMsP95} ms`);
  console.log(`dashboard with its data (signed in, reload): ${dashboardMs} ms`);
  console.log(JSON.stringify(figures));
} finally {
  await rig.stop();
}
