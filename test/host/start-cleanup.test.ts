// A start that fails part-way leaves nothing open: no handle on the data folder's store, no listener.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readdirSync, readFileSync, readlinkSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { parseHostConfig } from '../../src/config/load-config.ts';
import type { HostConfig } from '../../src/config/host-config.ts';
import { Host } from '../../src/host/host.ts';
import { createLogger } from '../../src/host/logger.ts';
import { MEMORY_HOSTS, TOKEN } from '../helpers/test-host.ts';

const quiet = () =>
  createLogger(
    'fatal',
    new Writable({
      write: (_c, _e, cb) => cb(),
    }),
  );

/** The test-host configuration over a fresh data folder and the given port. */
function config(dataDir: string, port: number, mutate: (c: HostConfig) => void = () => undefined): HostConfig {
  const c = parseHostConfig(readFileSync(MEMORY_HOSTS, 'utf8'), MEMORY_HOSTS, {
    ...process.env,
    FERRY_DEMO_TOKEN: TOKEN,
    FERRY_ADMIN_TOKEN: 'test-admin-token-0123456789',
  });
  c.host.dataDir = dataDir;
  c.host.listen = { host: '127.0.0.1', port };
  c.host.http = true;
  mutate(c);
  return c;
}

/** Files under `dir` this process holds open (Linux /proc; empty elsewhere, where the test proves less). */
function openFilesUnder(dir: string): string[] {
  if (!existsSync('/proc/self/fd')) return [];
  const found: string[] = [];
  for (const fd of readdirSync('/proc/self/fd')) {
    try {
      const target = readlinkSync(`/proc/self/fd/${fd}`);
      if (target.startsWith(dir)) found.push(target);
    } catch {
      // The fd closed while listing.
    }
  }
  return found;
}

/** A port that was free a moment ago. */
async function freePort(): Promise<number> {
  const s = createServer();
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
  const port = (s.address() as { port: number }).port;
  await new Promise<void>((r) => s.close(() => r()));
  return port;
}

/** True when we can listen on the port ourselves. */
async function portIsFree(port: number): Promise<boolean> {
  const s = createServer();
  const ok = await new Promise<boolean>((r) => {
    s.once('error', () => r(false));
    s.listen(port, '127.0.0.1', () => r(true));
  });
  if (ok) await new Promise<void>((r) => s.close(() => r()));
  return ok;
}

/** After a failed start: nothing open in the data folder, the port free, and a good start on the same folder works. */
async function assertNothingLeft(dataDir: string, port: number): Promise<void> {
  assert.deepEqual(openFilesUnder(dataDir), [], 'no file of the data folder is still open');
  assert.equal(existsSync(join(dataDir, 'space.db-wal')), false, 'the store was closed cleanly');
  assert.ok(await portIsFree(port), 'the port is free');
  const host = await Host.start(config(dataDir, port), { logger: quiet() });
  assert.equal(host.port, port);
  await host.stop(1000);
}

test('a start refused at the admin token opens nothing', async () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'ferry-start-'));
  try {
    const port = await freePort();
    const cfg = config(dataDir, port, (c) => {
      c.host.adminToken = 'short';
    });
    await assert.rejects(Host.start(cfg, { logger: quiet() }), /host\.adminToken/);
    await assertNothingLeft(dataDir, port);
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
});

test('a start that fails after the store and connectors opened (certificate files missing) closes them', async () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'ferry-start-'));
  try {
    const port = await freePort();
    const cfg = config(dataDir, port, (c) => {
      c.host.http = false;
      c.host.tls = {
        cert: join(dataDir, 'missing.crt'),
        key: join(dataDir, 'missing.key'),
      } as HostConfig['host']['tls'];
    });
    await assert.rejects(Host.start(cfg, { logger: quiet() }));
    assert.ok(existsSync(join(dataDir, 'space.db')), 'the store had been opened');
    await assertNothingLeft(dataDir, port);
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
});

test('a start whose port is taken closes the store and the connectors', async () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'ferry-start-'));
  const blocker: Server = createServer();
  try {
    await new Promise<void>((r) => blocker.listen(0, '127.0.0.1', r));
    const port = (blocker.address() as { port: number }).port;
    await assert.rejects(Host.start(config(dataDir, port), { logger: quiet() }), /EADDRINUSE/);
    await new Promise<void>((r) => blocker.close(() => r()));
    await assertNothingLeft(dataDir, port);
  } finally {
    blocker.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
});
