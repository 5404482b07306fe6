// `node --import ./bench/soap-timing.mjs …` (the host side of `npm run bench:soap`): counts the time the host spends
// in Ferry's own SOAP XML work. ES module exports cannot be patched, so a loader hook (soap-timing-hooks.mjs) puts
// a thin timing wrapper in front of dist/soap/envelope.js (buildEnvelope) and dist/soap/response.js
// (parseSoapResponse); the counters live in globalThis.__ferrySoapTiming of the main thread.
import { register } from 'node:module';

globalThis.__ferrySoapTiming = { buildEnvelope: { calls: 0, ms: 0 }, parseSoapResponse: { calls: 0, ms: 0 } };
register('./soap-timing-hooks.mjs', import.meta.url);
