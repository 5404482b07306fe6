// Builds the web console (console/) into dist/console: one minified ES module and one stylesheet with hashed
// names under assets/ (cached for good by the host), and index.html that names them (never cached). Prints the
// sizes; the last line is one JSON object.
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { build } from 'esbuild';

const root = fileURLToPath(new URL('..', import.meta.url));
const out = join(root, 'dist', 'console');
rmSync(out, { recursive: true, force: true });
mkdirSync(join(out, 'assets'), { recursive: true });

const result = await build({
  entryPoints: [join(root, 'console', 'src', 'main.tsx')],
  bundle: true,
  minify: true,
  format: 'esm',
  target: ['chrome110', 'firefox110', 'safari16'],
  outdir: join(out, 'assets'),
  entryNames: '[name].[hash]',
  assetNames: '[name].[hash]',
  jsx: 'automatic',
  jsxImportSource: 'preact',
  legalComments: 'none',
  metafile: true,
  logLevel: 'warning',
});

const files = Object.keys(result.metafile.outputs).map((p) => basename(p));
const js = files.find((f) => f.endsWith('.js'));
const css = files.find((f) => f.endsWith('.css'));
const icon = readFileSync(join(root, 'console', 'icon.svg'));
writeFileSync(join(out, 'assets', 'icon.svg'), icon);
// No inline script or style: the host's Content-Security-Policy is default-src 'self'.
const html = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="color-scheme" content="light dark">
<title>Ferry console</title>
<link rel="icon" href="/console/assets/icon.svg" type="image/svg+xml">
<link rel="stylesheet" href="/console/assets/${css}">
<script type="module" src="/console/assets/${js}"></script>
</head>
<body>
<div id="app"><noscript>The Ferry console needs JavaScript.</noscript></div>
</body>
</html>
`;
writeFileSync(join(out, 'index.html'), html);

const sizes = {};
for (const f of [js, css, 'index.html']) {
  const p = f === 'index.html' ? join(out, f) : join(out, 'assets', f);
  const raw = readFileSync(p);
  sizes[f] = { bytes: raw.length, gzipBytes: gzipSync(raw).length };
}
const total = Object.values(sizes).reduce((a, s) => a + s.gzipBytes, 0);
for (const [f, s] of Object.entries(sizes)) console.log(`${f.padEnd(28)} ${s.bytes} B (${s.gzipBytes} B gzipped)`);
console.log(JSON.stringify({ consoleGzipBytes: total, files: sizes }));
