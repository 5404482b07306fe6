// The undici dispatcher of one service: a keep-alive pool per origin, the TLS settings (custom CA, client
// certificate for mutual TLS, from `tls` or a clientCertificate auth), and an optional proxy.
import type { ConnectionOptions } from 'node:tls';
import { Agent, ProxyAgent, buildConnector, type Dispatcher } from 'undici';
import type { HttpSettings } from './config.ts';
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

/** A service's dispatcher and the TLS alerts seen on its connections. */
export interface ServiceDispatcher {
  dispatcher: Dispatcher;
  tlsAlerts: TlsAlerts;
}

/** A dispatcher for the settings: an Agent (pools per origin), or a ProxyAgent when a proxy is set. */
export function createDispatcher(settings: HttpSettings): ServiceDispatcher {
  const tlsAlerts = new TlsAlerts();
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
    // Through a tunnel the target's TLS sockets are not ours to watch: alerts show as plain socket errors.
    return { dispatcher, tlsAlerts };
  }
  const connector = buildConnector({ ...tls, timeout: settings.timeouts.requestMs });
  const connect: buildConnector.connector = (opts, callback) =>
    connector(opts, (...args) => {
      if (args[1]) tlsAlerts.watch(args[1]);
      callback(...args);
    });
  return { dispatcher: new Agent({ ...common, connect }), tlsAlerts };
}
