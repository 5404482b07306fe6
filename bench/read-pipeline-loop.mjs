// The loop of read-pipeline.ts, inside a bench host: Entra's matching query given to the host's fast read path
// (src/host/fast-read.ts) on fake request and response objects, no socket. What is left is the read's own work:
// token check, filter, space lookup, mapping, projection, ListResponse, metrics, the batched write call.
const TOKEN = 'bench-token-0123456789';

/** CPU µs (user + system) a read, over `reads` reads after a warm-up, with random names of `users` users. */
export async function runReadPipeline(fast, users, reads) {
  if (!fast) throw new Error('the host has no fast read path');
  const socket = { remoteAddress: '127.0.0.1', encrypted: false };
  let pending = 0;
  const response = () => ({
    statusCode: 200,
    headersSent: false,
    writeHead(status) {
      this.statusCode = status;
    },
    end() {
      pending--;
    },
    destroy() {},
  });
  const loop = async (n) => {
    for (let i = 0; i < n; i++) {
      const name = `user${1 + Math.floor(Math.random() * users)}@example.com`;
      const req = {
        method: 'GET',
        url: `/connectors/BENCH/scim/Users?filter=${encodeURIComponent(`userName eq "${name}"`)}`,
        headers: { host: '127.0.0.1:1', authorization: `Bearer ${TOKEN}` },
        socket,
      };
      pending++;
      if (!fast(req, response())) throw new Error('a read left the fast path');
      // Ten reads a turn, as a loaded host sees them arrive together.
      if (i % 10 === 9) await new Promise((r) => setImmediate(r));
    }
    while (pending > 0) await new Promise((r) => setImmediate(r));
  };
  await loop(Math.min(20_000, reads));
  const t0 = process.cpuUsage();
  await loop(reads);
  const d = process.cpuUsage(t0);
  return Math.round(((d.user + d.system) / reads) * 100) / 100;
}
