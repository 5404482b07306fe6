// The hosts of a cluster: each running host keeps a row with its id, version, address and a heartbeat, so
// /health, the admin API and `ferry status` can list the cluster. A row whose heartbeat stopped is a dead host.
import { guarded, type PostgresPools } from './postgres-pool.ts';

/** One host of the cluster as the hosts table shows it. */
export interface ClusterHost {
  id: string;
  version: string;
  address: string | null;
  started: string;
  lastHeartbeat: string;
  /** True when its heartbeat is recent. */
  alive: boolean;
  /** The leases it holds now (e.g. import:APP1). */
  leases: string[];
}

/** Seconds after which a host whose heartbeat stopped is listed as not alive, and a day later forgotten. */
const ALIVE_SECONDS = 30;

/** What /health shows of the cluster: as of this host's last heartbeat (a few seconds old at most). */
export interface ClusterSnapshot {
  self: string;
  /** Whether the last heartbeat reached the database. */
  store: 'ok' | 'unreachable';
  hosts: ClusterHost[];
}

/** This host's row in the hosts table, kept fresh by a heartbeat. */
export class PostgresHostRegistry {
  private timer: NodeJS.Timeout | undefined;
  private latest: ClusterSnapshot;

  constructor(
    private readonly pools: PostgresPools,
    readonly id: string,
    private readonly version: string,
    private readonly heartbeatMs = 5_000,
  ) {
    this.latest = { self: id, store: 'ok', hosts: [] };
  }

  /** The cluster as of the last heartbeat. */
  snapshot(): ClusterSnapshot {
    return this.latest;
  }

  /** Registers this host (with the address it serves at) and starts the heartbeat. */
  async start(address: string | null): Promise<void> {
    await guarded(() =>
      this.pools.query.query(
        `INSERT INTO hosts (id, version, address, started, last_heartbeat) VALUES ($1, $2, $3, now(), now())
         ON CONFLICT (id) DO UPDATE SET version = EXCLUDED.version, address = EXCLUDED.address,
           last_heartbeat = now()`,
        [this.id, this.version, address],
      ),
    );
    await this.refresh();
    this.timer = setInterval(() => {
      this.beat()
        .then(() => this.refresh())
        .catch(() => {
          this.latest = { ...this.latest, store: 'unreachable' };
        });
    }, this.heartbeatMs);
    this.timer.unref();
  }

  private async refresh(): Promise<void> {
    this.latest = { self: this.id, store: 'ok', hosts: await this.list() };
  }

  /** Updates the heartbeat (re-creating the row if it was forgotten meanwhile). */
  private async beat(): Promise<void> {
    await guarded(() =>
      this.pools.query.query(
        `INSERT INTO hosts (id, version, started, last_heartbeat) VALUES ($1, $2, now(), now())
         ON CONFLICT (id) DO UPDATE SET last_heartbeat = now()`,
        [this.id, this.version],
      ),
    );
  }

  /** Every host seen in the last day, with the leases each holds; forgets older ones. */
  async list(): Promise<ClusterHost[]> {
    return guarded(async () => {
      await this.pools.query.query("DELETE FROM hosts WHERE last_heartbeat < now() - interval '1 day'");
      const { rows } = await this.pools.query.query<{
        id: string;
        version: string;
        address: string | null;
        started: Date;
        last_heartbeat: Date;
        alive: boolean;
        leases: string[];
      }>(
        `SELECT h.id, h.version, h.address, h.started, h.last_heartbeat,
                h.last_heartbeat > now() - make_interval(secs => $1) AS alive,
                coalesce(array_agg(l.name ORDER BY l.name) FILTER (WHERE l.name IS NOT NULL), '{}') AS leases
         FROM hosts h LEFT JOIN leases l ON l.holder = h.id AND l.expires > now()
         GROUP BY h.id ORDER BY h.started, h.id`,
        [ALIVE_SECONDS],
      );
      return rows.map((r) => ({
        id: r.id,
        version: r.version,
        address: r.address,
        started: r.started.toISOString(),
        lastHeartbeat: r.last_heartbeat.toISOString(),
        alive: r.alive,
        leases: r.leases,
      }));
    });
  }

  /** Stops the heartbeat and removes this host's row (a graceful stop). */
  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    await guarded(() => this.pools.query.query('DELETE FROM hosts WHERE id = $1', [this.id])).catch(() => undefined);
  }
}
