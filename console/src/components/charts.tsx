// Provisioning activity over time, drawn as plain SVG: stacked bars of operations per interval by result, and
// lines of latency. Each chart has a text summary for screen readers and a tooltip per interval.
import { useLayoutEffect, useRef, useState } from 'preact/hooks';
import type { Bucket } from '../activity.ts';

/** Width before the first measure, and the narrowest drawing. */
const W = 720;
const MIN_W = 240;
const H = 180;
/** Room for one time label ("23:30" at the chart's font size), so labels never overlap. */
const TIME_LABEL_PX = 64;
const PAD = { l: 44, r: 8, t: 10, b: 22 };

/** A round upper bound for an axis. */
function niceMax(v: number): number {
  if (v <= 0) return 1;
  const p = 10 ** Math.floor(Math.log10(v));
  return [1, 2, 5, 10].map((m) => m * p).find((x) => x >= v)!;
}

function hour(t: number): string {
  return new Date(t).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' });
}

/**
 * The figure's width in CSS pixels, followed as the window changes: the SVG is drawn at that width (one unit is one
 * pixel), so its text keeps the stylesheet's size on a narrow window instead of shrinking with a scaled drawing.
 */
function useWidth() {
  const ref = useRef<HTMLElement>(null);
  const [width, setWidth] = useState(W);
  useLayoutEffect(() => {
    const el = ref.current;
    if (!el) return;
    // The content box (inside the figure's padding), reported once on observe and on every change after.
    const ro = new ResizeObserver(([e]) => e && setWidth(Math.max(MIN_W, Math.floor(e.contentRect.width))));
    ro.observe(el);
    return () => ro.disconnect();
  }, []);
  return { ref, width };
}

/** Axis lines, value labels and as many time labels as fit. */
function Axes({ max, unit, buckets, w }: { max: number; unit: string; buckets: Bucket[]; w: number }) {
  const iw = w - PAD.l - PAD.r;
  const ih = H - PAD.t - PAD.b;
  const ticks = [0, 0.5, 1];
  const fit = Math.max(2, Math.min(4, Math.floor(iw / TIME_LABEL_PX)));
  const step = Math.max(1, Math.ceil(buckets.length / fit));
  return (
    <g class="axes">
      {ticks.map((f) => (
        <g key={f}>
          <line x1={PAD.l} x2={w - PAD.r} y1={PAD.t + ih * (1 - f)} y2={PAD.t + ih * (1 - f)} class="grid" />
          <text x={PAD.l - 4} y={PAD.t + ih * (1 - f) + 4} text-anchor="end">
            {Math.round(max * f)}
            {unit}
          </text>
        </g>
      ))}
      {buckets.map((b, i) =>
        i % step === 0 ? (
          <text key={b.at} x={PAD.l + (iw * (i + 0.5)) / buckets.length} y={H - 6} text-anchor="middle">
            {hour(b.at)}
          </text>
        ) : null,
      )}
    </g>
  );
}

/** Operations per interval, stacked by result. */
export function ActivityChart({ buckets }: { buckets: Bucket[] }) {
  const { ref, width: w } = useWidth();
  const totals = buckets.map((b) => b.success + b.failure + b.skipped);
  const max = niceMax(Math.max(0, ...totals));
  const iw = w - PAD.l - PAD.r;
  const ih = H - PAD.t - PAD.b;
  const bw = iw / Math.max(1, buckets.length);
  const sum = (k: 'success' | 'failure' | 'skipped') => buckets.reduce((a, b) => a + b[k], 0);
  const label = `Operations per interval: ${sum('success')} succeeded, ${sum('failure')} failed, ${sum('skipped')} skipped.`;
  return (
    <figure class="chart" ref={ref}>
      <figcaption>Provisioning operations by result</figcaption>
      <svg viewBox={`0 0 ${w} ${H}`} role="img" aria-label={label}>
        <Axes max={max} unit="" buckets={buckets} w={w} />
        {buckets.map((b, i) => {
          let y = PAD.t + ih;
          return (
            <g key={b.at}>
              {(['success', 'failure', 'skipped'] as const).map((k) => {
                const h = (b[k] / max) * ih;
                y -= h;
                return h > 0 ? (
                  <rect key={k} class={`bar ${k}`} x={PAD.l + i * bw + 1} y={y} width={Math.max(1, bw - 2)} height={h}>
                    <title>
                      {hour(b.at)}: {b[k]} {k}
                    </title>
                  </rect>
                ) : null;
              })}
            </g>
          );
        })}
      </svg>
      <ul class="legend">
        <li class="success">success ({sum('success')})</li>
        <li class="failure">failure ({sum('failure')})</li>
        <li class="skipped">skipped ({sum('skipped')})</li>
      </ul>
    </figure>
  );
}

/** Latency per interval: average and slowest. */
export function LatencyChart({ buckets }: { buckets: Bucket[] }) {
  const { ref, width: w } = useWidth();
  const max = niceMax(Math.max(0, ...buckets.map((b) => b.maxMs)));
  const iw = w - PAD.l - PAD.r;
  const ih = H - PAD.t - PAD.b;
  // Only intervals with operations have a latency: the lines join those, with a dot on each.
  const busy = buckets
    .map((b, i) => ({ b, x: PAD.l + (iw * (i + 0.5)) / buckets.length }))
    .filter(({ b }) => b.success + b.failure + b.skipped > 0);
  const y = (v: number) => PAD.t + ih * (1 - v / max);
  const pts = (k: 'p50Ms' | 'p95Ms' | 'maxMs') => busy.map(({ b, x }) => `${x},${y(b[k])}`).join(' ');
  const worst = Math.max(0, ...buckets.map((b) => b.maxMs));
  return (
    <figure class="chart" ref={ref}>
      <figcaption>Latency (ms)</figcaption>
      <svg
        viewBox={`0 0 ${w} ${H}`}
        role="img"
        aria-label={`Latency per interval; the slowest operation took ${Math.round(worst)} ms.`}
      >
        <Axes max={max} unit="" buckets={buckets} w={w} />
        <polyline class="line avg" points={pts('p50Ms')} />
        <polyline class="line p95" points={pts('p95Ms')} />
        <polyline class="line max" points={pts('maxMs')} />
        {busy.map(({ b, x }) => (
          <g key={b.at}>
            <circle class="dot avg" cx={x} cy={y(b.p50Ms)} r={3} />
            <circle class="dot max" cx={x} cy={y(b.maxMs)} r={3}>
              <title>
                {hour(b.at)}: median {Math.round(b.p50Ms)} ms, p95 {Math.round(b.p95Ms)} ms, average{' '}
                {Math.round(b.avgMs)} ms, slowest {Math.round(b.maxMs)} ms
              </title>
            </circle>
          </g>
        ))}
      </svg>
      <ul class="legend">
        <li class="avg">median</li>
        <li class="p95">p95</li>
        <li class="max">slowest</li>
      </ul>
    </figure>
  );
}
