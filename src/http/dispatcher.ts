// The undici dispatcher of one service: a keep-alive pool per origin, the TLS settings (custom CA, client
// certificate for mutual TLS, from `tls` or a clientCertificate auth), and an optional proxy.
import type { ConnectionOptions } from 'node:tls';
import { Agent, ProxyAgent, buildConnector, type Dispatcher } from 'undici';
import type { HttpSettings } from './config.ts';
import { ClosingOrigins, originOf } from './closing-origins.ts';
import { TlsAlerts } from './tls-alerts.ts';

/** The TLS options of a service's connections: `tls` merged with a clientCertificate auth. */
export function tlsOptions(settings: HttpSettings): ConnectionOptions {
  const t = settings.tls;
  const a = settings.auth?.type === 'clientCertificate' ? settings.auth : undefined;
  const out: ConnectionOptions = { rejectUnauthorized: t.rejectUnauthorized };
  const ca = [t.ca, a?.ca].filter((x): x is string => x !== undefined);
  if (ca.length) out.ca = ca;
  // A clientCertificate auth is the credential itself, so it wins over a certificate also given in `tls`.
  const cert = a?.cert ?? t.cert;
  const key = a ? a.key : t.key;
  const passphrase = a ? a.passphrase : t.passphrase;
  if (cert !== undefined) out.cert = cert;
  if (key !== undefined) out.key = key;
  if (passphrase !== undefined) out.passphrase = passphrase;
  return out;
}

/** A service's dispatcher, the TLS alerts seen on its connections, and the origins that close them. */
export interface ServiceDispatcher {
  dispatcher: Dispatcher;
  tlsAlerts: TlsAlerts;
  closing: ClosingOrigins;
}

/** True for the error undici closes a connection with when the server ended it ("other side closed"). */
function isServerClose(err: unknown): boolean {
  return (err as { code?: unknown } | undefined)?.code === 'UND_ERR_SOCKET' && /other side closed/.test(String(err));
}

/** A dispatcher for the settings: an Agent (pools per origin), or a ProxyAgent when a proxy is set. */
export function createDispatcher(settings: HttpSettings): ServiceDispatcher {
  const tlsAlerts = new TlsAlerts();
  const closing = new ClosingOrigins();
  const tls = tlsOptions(settings);
  const common = {
    // Our own per-attempt timer governs the whole attempt; these catch a stalled socket even if it failed.
    headersTimeout: settings.timeouts.requestMs,
    bodyTimeout: settings.timeouts.requestMs,
    connections: settings.limits.concurrency,
    maxResponseSize: settings.limits.maxResponseBytes,
  };
  if (settings.proxy) {
    const dispatcher = new ProxyAgent({
      uri: settings.proxy,
      ...common,
      // Plain http targets go through the proxy as absolute-form requests (any forward proxy understands
      // them); https targets need a CONNECT tunnel so that TLS stays end to end.
      proxyTunnel: false,
      requestTls: { ...tls, timeout: settings.timeouts.requestMs },
      proxyTls: { ca: tls.ca, rejectUnauthorized: tls.rejectUnauthorized, timeout: settings.timeouts.requestMs },
    });
    // Through a tunnel the target's TLS sockets are not ours to watch: alerts show as plain socket errors. The
    // proxy holds the connections: their closes say nothing of the target.
    return { dispatcher, tlsAlerts, closing };
  }
  const connector = buildConnector({ ...tls, timeout: settings.timeouts.requestMs });
  const connect: buildConnector.connector = (opts, callback) =>
    connector(opts, (...args) => {
      if (args[1]) tlsAlerts.watch(args[1]);
      callback(...args);
    });
  const dispatcher = new Agent({ ...common, connect });
  dispatcher.on('disconnect', (origin, _targets, err) => {
    const o = originOf(origin);
    if (o && isServerClose(err)) closing.serverClosed(o);
  });
  return { dispatcher, tlsAlerts, closing };
}
