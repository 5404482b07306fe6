// Loader hooks of soap-timing.mjs: dist/soap/envelope.js and dist/soap/response.js are served as wrappers that
// re-export everything of the real module (loaded under "?ferry-timing-original") and time its entry function.
const WRAPPED = {
  '/dist/soap/envelope.js': 'buildEnvelope',
  '/dist/soap/response.js': 'parseSoapResponse',
};
const ORIGINAL = 'ferry-timing-original';

export async function load(url, context, next) {
  if (url.startsWith('file:') && !url.includes(ORIGINAL)) {
    const path = new URL(url).pathname;
    const fn = Object.entries(WRAPPED).find(([suffix]) => path.endsWith(suffix))?.[1];
    if (fn) {
      const original = `${url}${url.includes('?') ? '&' : '?'}${ORIGINAL}`;
      const source = `
import * as original from ${JSON.stringify(original)};
export * from ${JSON.stringify(original)};
const counter = globalThis.__ferrySoapTiming[${JSON.stringify(fn)}];
export function ${fn}(...args) {
  const t0 = performance.now();
  try {
    return original.${fn}(...args);
  } finally {
    counter.ms += performance.now() - t0;
    counter.calls++;
  }
}
`;
      return { format: 'module', source, shortCircuit: true };
    }
  }
  return next(url, context);
}
