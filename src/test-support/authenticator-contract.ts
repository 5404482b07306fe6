// The behaviour every authentication strategy must show, as a node:test suite each strategy's fixture runs
// against a real server: the right credential opens, a wrong one gives 'unauthorized', a refreshable one is
// renewed exactly once on 401 (and shared by concurrent callers), and no credential ever shows in a message.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { inspect } from 'node:util';
import { HttpService, type AttemptEvent } from '../http/client.ts';
import type { HttpAuth, HttpSettingsInput } from '../http/config.ts';
import { HttpCallError } from '../http/http-call-error.ts';

/** A server that checks one strategy's credential, and the settings that pass or fail it. */
export interface AuthFixture {
  baseUrl: string;
  /** The auth the server accepts. */
  good: HttpAuth;
  /** An auth the server refuses (a wrong password, key, secret or certificate); absent for `none`. */
  wrong?: HttpAuth;
  /** Other settings both need (e.g. tls.ca). */
  settings?: Omit<HttpSettingsInput, 'baseUrl' | 'auth'>;
  /**
   * Every secret value of `good` and `wrong` (and what the server issues) that must never appear in a message.
   * The server answers GET /resource with 200 { ok: true } for a good credential, 401 otherwise, and
   * GET /echo with 400 and a body that repeats every request header and the URL (an application that echoes
   * credentials back in its errors).
   */
  secrets(): string[];
  /** Strategies with refresh: makes the server refuse every credential issued so far. */
  revoke?(): void;
  /** Strategies with refresh: credentials issued so far (token or login calls answered). */
  issued?(): number;
  close(): Promise<void>;
}

/** Runs the shared Authenticator contract against a strategy's fixture. */
export function runAuthenticatorContract(name: string, start: () => Promise<AuthFixture>): void {
  describe(`Authenticator contract: ${name}`, () => {
    const withService =
      (which: 'good' | 'wrong', fn: (svc: HttpService, fx: AuthFixture, events: AttemptEvent[]) => Promise<void>) =>
      async () => {
        const fx = await start();
        const events: AttemptEvent[] = [];
        const svc = new HttpService(
          {
            baseUrl: fx.baseUrl,
            ...fx.settings,
            auth: fx[which] ?? fx.good,
            retry: { baseDelayMs: 1, ...fx.settings?.retry },
          },
          { onAttempt: (e) => events.push(e) },
        );
        try {
          await fn(svc, fx, events);
        } finally {
          await svc.close();
          await fx.close();
        }
      };

    test(
      'a request carries the credential the server expects',
      withService('good', async (svc) => {
        const res = await svc.request({ method: 'GET', path: '/resource' });
        assert.equal(res.status, 200);
        assert.deepEqual(res.json, { ok: true });
        const again = await svc.request({ method: 'POST', path: '/resource', body: { json: {} } });
        assert.equal(again.status, 200, 'non-idempotent requests carry it too');
      }),
    );

    test(
      'a wrong credential gives an unauthorized error that does not show it',
      withService('wrong', async (svc, fx, events) => {
        if (!fx.wrong) return; // `none` has no credential to get wrong
        const e = await failure(svc.request({ method: 'GET', path: '/resource' }));
        assert.equal(e.kind, 'unauthorized', e.message);
        assertNoSecret(fx.secrets(), [e.message, e.stack ?? '', inspect(e), JSON.stringify(e), JSON.stringify(events)]);
      }),
    );

    test(
      'the credential never appears in error messages, descriptions or attempt events',
      withService('good', async (svc, fx, events) => {
        const e = await failure(svc.request({ method: 'GET', path: '/echo', query: { q: 'x' } }));
        assert.equal(e.kind, 'invalidValue');
        assert.match(e.message, /400/);
        const described = svc.describe({
          method: 'GET',
          path: '/echo',
          headers: { Authorization: 'Bearer also-hidden-here', Cookie: 'sid=also-hidden' },
        });
        assert.ok(!JSON.stringify(described).includes('also-hidden'));
        assertNoSecret(fx.secrets(), [
          e.message,
          e.stack ?? '',
          inspect(e),
          JSON.stringify(described),
          JSON.stringify(events),
        ]);
      }),
    );

    test(
      'where refresh exists, a 401 triggers exactly one refresh and a successful retry',
      withService('good', async (svc, fx) => {
        if (!fx.revoke || !fx.issued) return; // static credentials have nothing to refresh
        await svc.request({ method: 'GET', path: '/resource' });
        const before = fx.issued();
        fx.revoke();
        const res = await svc.request({ method: 'POST', path: '/resource', body: { json: {} } });
        assert.equal(res.status, 200);
        assert.equal(res.attempts, 2, 'the refused attempt and the retry');
        assert.equal(fx.issued() - before, 1, 'exactly one new credential');
        await svc.request({ method: 'GET', path: '/resource' });
        assert.equal(fx.issued() - before, 1, 'the new credential is reused');
      }),
    );

    test(
      'where refresh exists, concurrent callers share one credential request and one renewal',
      withService('good', async (svc, fx) => {
        if (!fx.revoke || !fx.issued) return;
        const before = fx.issued();
        await Promise.all(Array.from({ length: 10 }, () => svc.request({ method: 'GET', path: '/resource' })));
        assert.equal(fx.issued() - before, 1, 'one credential for ten concurrent first calls');
        fx.revoke();
        await Promise.all(Array.from({ length: 10 }, () => svc.request({ method: 'GET', path: '/resource' })));
        assert.equal(fx.issued() - before, 2, 'one renewal for ten concurrent refusals');
      }),
    );
  });
}

async function failure(p: Promise<unknown>): Promise<HttpCallError> {
  const e = await p.then(
    () => undefined,
    (x: unknown) => x,
  );
  assert.ok(e instanceof HttpCallError, `expected an HttpCallError, got ${String(e)}`);
  return e;
}

function assertNoSecret(secrets: string[], texts: string[]): void {
  for (const s of secrets) {
    for (const t of texts)
      assert.ok(
        !t.includes(s),
        `a secret (${s.length} characters, starting ${JSON.stringify(s.slice(0, 3))}) leaked into: ${t.slice(0, 300)}`,
      );
  }
}
