// A round-robin TCP proxy in a process of its own (tcp-proxy.ts starts it): each accepted connection goes to the
// next upstream, and bytes are piped both ways. No HTTP parsing, so it costs little CPU per request, and a
// client's keep-alive connections spread across the upstreams. An upstream that refuses the connection is
// skipped for 2 s and the next one tried, before any byte of the client is passed on.
// IPC: receives { targets: [{ host, port }] }, answers { ok: true }; sends { port } once listening.
import { connect, createServer } from 'node:net';

let targets = [];
let next = 0;
const down = new Map();

const pick = () => {
  for (let i = 0; i < targets.length; i++) {
    const t = targets[next++ % targets.length];
    if ((down.get(`${t.host}:${t.port}`) ?? 0) < Date.now()) return t;
  }
  return targets[next++ % targets.length];
};

const server = createServer({ noDelay: true, pauseOnConnect: true }, (client) => {
  const close = () => client.destroy();
  client.on('error', close);
  const attempt = (tries) => {
    if (targets.length === 0) return close();
    const t = pick();
    const up = connect({ host: t.host, port: t.port, noDelay: true });
    let connected = false;
    up.once('connect', () => {
      connected = true;
      client.on('close', () => up.destroy());
      up.on('close', () => client.destroy());
      client.pipe(up);
      up.pipe(client);
      client.resume();
    });
    up.on('error', (e) => {
      if (connected) return client.destroy();
      // Nothing of the client's reached this upstream yet: another one may take the connection.
      if (e.code === 'ECONNREFUSED') down.set(`${t.host}:${t.port}`, Date.now() + 2_000);
      if (tries < targets.length * 2 && !client.destroyed) attempt(tries + 1);
      else close();
    });
  };
  attempt(1);
});

process.on('message', (m) => {
  if (m && Array.isArray(m.targets)) {
    targets = m.targets;
    next = 0;
    process.send({ ok: true });
  }
});
process.on('disconnect', () => process.exit(0));
server.listen(0, '127.0.0.1', () => process.send({ port: server.address().port }));
