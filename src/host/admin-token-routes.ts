// The tokens of each connector as the console shows them: a fingerprint of the token in use and of each earlier
// token still accepted during a rotation, with when it stops working. Never a token, nor where it is kept.
import type { Hono } from 'hono';
import type { AdminEnv } from './admin-auth.ts';
import { apiError } from './admin-error.ts';
import type { ConnectorRuntime } from './connector-runtime.ts';
import { tokenFingerprint } from './console-session.ts';

/** Registers GET /connectors/:name/tokens (read-only: both roles may look). */
export function tokenRoutes(app: Hono<AdminEnv>, connectors: readonly ConnectorRuntime[]): void {
  app.get('/connectors/:name/tokens', (c) => {
    const rt = connectors.find((x) => x.config.name === c.req.param('name'));
    if (!rt) return apiError(c, 'admin_not_found', `No connector named "${c.req.param('name')}".`);
    const now = Date.now();
    // The running configuration holds the resolved tokens, so the fingerprints are those of what SCIM clients send.
    return c.json({
      connector: rt.config.name,
      current: { fingerprint: tokenFingerprint(rt.config.secretToken) },
      previous: (rt.config.previousSecretTokens ?? []).map((p) => ({
        fingerprint: tokenFingerprint(p.token),
        validUntil: p.validUntil,
        accepted: Date.parse(p.validUntil) > now,
      })),
    });
  });
}
