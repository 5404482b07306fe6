// The read load of bench:scim (and bench:scale): Entra's matching query, GET /Users?filter=userName eq "…" with
// random existing names, from several concurrent clients for some seconds (autocannon).
import autocannon from 'autocannon';

/** What a read load measured. */
export interface ReadFigures {
  requestsPerSec: number;
  p50ms: number;
  p99ms: number;
  errors: number;
  non2xx: number;
}

/** Options of a read load. */
export interface ReadLoad {
  /** The SCIM base, e.g. http://127.0.0.1:1234/connectors/BENCH/scim. */
  base: string;
  token: string;
  /** Users user1@example.com … user{users}@example.com exist. */
  users: number;
  seconds: number;
  connections: number;
  https?: boolean;
}

/** Runs the read load and returns its figures. */
export async function runReadLoad(o: ReadLoad): Promise<ReadFigures> {
  const path = new URL(o.base).pathname;
  const result = await new Promise<autocannon.Result>((resolve, reject) => {
    autocannon(
      {
        url: o.base,
        connections: o.connections,
        duration: o.seconds,
        headers: { authorization: `Bearer ${o.token}` },
        requests: [
          {
            setupRequest: (req) => {
              const n = 1 + Math.floor(Math.random() * o.users);
              req.path = `${path}/Users?filter=${encodeURIComponent(`userName eq "user${n}@example.com"`)}`;
              return req;
            },
          },
        ],
        ...(o.https ? { tlsOptions: { rejectUnauthorized: false } } : {}),
      } as autocannon.Options,
      (err, res) => (err ? reject(err) : resolve(res)),
    );
  });
  return {
    requestsPerSec: Math.round(result.requests.average),
    p50ms: result.latency.p50,
    p99ms: result.latency.p99,
    errors: result.errors + result.timeouts,
    non2xx: result.non2xx,
  };
}
