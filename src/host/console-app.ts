// The web console at /console/: its static files (dist/console, built by `npm run build`), sign-in with the admin
// or read-only token into a session cookie, and the admin routes under /console/api behind that cookie and a CSRF
// header. Every answer carries a strict Content-Security-Policy (no inline script or style, no framing).
import { readFile } from 'node:fs/promises';
import { extname, join, normalize, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Hono, type Context } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import { AuthFailureLimiter } from './auth-failure-limiter.ts';
import { clientAddress } from './auth.ts';
import { apiError } from './admin-error.ts';
import { type AdminEnv, type AdminTokens, CHANGE_METHODS, tooManyFailures } from './admin-auth.ts';
import { type ConsoleSession, ConsoleSessions, SESSION_COOKIE, SESSION_SECONDS } from './console-session.ts';

/** The Content-Security-Policy of every console answer. */
export const CONSOLE_CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "font-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

/** The header a change must carry with the session's CSRF token. */
export const CSRF_HEADER = 'X-CSRF-Token';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.json': 'application/json',
  '.map': 'application/json',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
};

/** Where the built console is: dist/console of the package (from src/host or dist/host alike). */
export function defaultConsoleDir(): string {
  return resolve(fileURLToPath(new URL('../..', import.meta.url)), 'dist', 'console');
}

/** What the console needs. */
export interface ConsoleDeps {
  /** The admin tokens; undefined = no admin token configured, the console is off. */
  tokens?: AdminTokens;
  adminToken?: string;
  /** The admin routes (one implementation with /admin). */
  routes?: Hono<AdminEnv>;
  /** Folder of the built console (default dist/console). */
  dir?: string;
  /** Sessions and the sign-in failure limiter, kept by the host across reloads (default: new ones). */
  sessions?: ConsoleSessions;
  limiter?: AuthFailureLimiter;
}

/** Builds the console app; mount it at /console. */
export function createConsoleApp(d: ConsoleDeps): Hono<AdminEnv> {
  const app = new Hono<AdminEnv>();
  const dir = d.dir ?? defaultConsoleDir();
  app.use('*', async (c, next) => {
    await next();
    const h = c.res.headers;
    h.set('Content-Security-Policy', CONSOLE_CSP);
    h.set('X-Content-Type-Options', 'nosniff');
    h.set('X-Frame-Options', 'DENY');
    h.set('Referrer-Policy', 'no-referrer');
    h.set('Cross-Origin-Opener-Policy', 'same-origin');
    h.set('Cross-Origin-Resource-Policy', 'same-origin');
    if (c.req.path.startsWith('/console/api/')) h.set('Cache-Control', 'no-store');
  });
  if (!d.tokens || !d.adminToken || !d.routes) {
    app.all('/api/*', (c) => apiError(c, 'console_off', 'The console is off: no admin token is configured.'));
    app.get('/*', (c) => c.html(OFF_PAGE, 503));
    return app;
  }
  const tokens = d.tokens;
  const sessions = d.sessions ?? new ConsoleSessions(d.adminToken);
  const limiter = d.limiter ?? new AuthFailureLimiter();
  const cookieOptions = { path: '/console', httpOnly: true, secure: true, sameSite: 'Strict' } as const;
  const describe = (s: ConsoleSession) => ({
    role: s.role,
    csrfToken: sessions.csrfToken(s),
    expiresAt: new Date(s.expires).toISOString(),
    fingerprint: s.fingerprint,
  });

  app.post('/api/session', async (c) => {
    const address = clientAddress(c);
    const limited = tooManyFailures(c, limiter, address);
    if (limited) return limited;
    const body = (await c.req.json().catch(() => undefined)) as { token?: unknown } | undefined;
    const who = typeof body?.token === 'string' ? tokens.roleOf(body.token) : undefined;
    if (!who) {
      limiter.fail(address);
      return apiError(c, 'admin_unauthorized', 'Wrong token: it is neither the admin token nor the read-only token.');
    }
    const { value, session } = sessions.issue(who.role, who.fingerprint);
    setCookie(c, SESSION_COOKIE, value, { ...cookieOptions, maxAge: SESSION_SECONDS });
    return c.json(describe(session));
  });

  const sessionOf = async (c: Context) => {
    await sessions.refresh();
    return sessions.verify(getCookie(c, SESSION_COOKIE));
  };
  app.get('/api/session', async (c) => {
    const s = await sessionOf(c);
    return s ? c.json(describe(s)) : apiError(c, 'admin_unauthorized', 'Not signed in.');
  });
  app.delete('/api/session', async (c) => {
    const s = await sessionOf(c);
    if (s && !sessions.checkCsrf(s, c.req.header(CSRF_HEADER)))
      return apiError(c, 'csrf_refused', `Missing or wrong ${CSRF_HEADER} header.`);
    if (s) await sessions.revoke(s);
    deleteCookie(c, SESSION_COOKIE, cookieOptions);
    return c.body(null, 204);
  });

  app.use('/api/*', async (c, next) => {
    const s = await sessionOf(c);
    if (!s) return apiError(c, 'admin_unauthorized', 'Not signed in (or the session expired): sign in again.');
    if (CHANGE_METHODS.has(c.req.method) && !sessions.checkCsrf(s, c.req.header(CSRF_HEADER)))
      return apiError(c, 'csrf_refused', `Missing or wrong ${CSRF_HEADER} header.`);
    c.set('actor', { role: s.role, fingerprint: s.fingerprint, address: clientAddress(c), via: 'console' });
    await next();
  });
  app.route('/api', d.routes);
  app.all('/api/*', (c) => apiError(c, 'admin_not_found', `No console API route ${c.req.method} ${c.req.path}.`));
  app.get('/*', (c) => serveStatic(c, dir));
  return app;
}

/** A file of the built console; index.html for any other path (client-side routes); a plain page before a build. */
async function serveStatic(c: Context, dir: string): Promise<Response> {
  const rel = decodeURIComponent(c.req.path.replace(/^\/console\/?/, ''));
  const file = normalize(join(dir, rel));
  if (file !== dir && !file.startsWith(dir + sep)) return c.text('Not found', 404);
  const body = rel ? await readFile(file).catch(() => undefined) : undefined;
  if (body) {
    const immutable = rel.startsWith('assets/');
    return c.body(new Uint8Array(body), 200, {
      'Content-Type': TYPES[extname(file)] ?? 'application/octet-stream',
      'Cache-Control': immutable ? 'public, max-age=31536000, immutable' : 'no-cache',
    });
  }
  if (extname(rel) && rel !== 'index.html') return c.text('Not found', 404);
  const index = await readFile(join(dir, 'index.html')).catch(() => undefined);
  if (index) return c.body(new Uint8Array(index), 200, { 'Content-Type': TYPES['.html'], 'Cache-Control': 'no-cache' });
  return c.html(NOT_BUILT_PAGE);
}

const page = (title: string, text: string) =>
  `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${title}</title></head><body><h1>${title}</h1>${text}</body></html>`;

const OFF_PAGE = page(
  'Ferry console is off',
  '<p>The console needs an admin token. Set <code>host.adminToken: "${env:FERRY_ADMIN_TOKEN}"</code> in ferry.yaml, ' +
    'export <code>FERRY_ADMIN_TOKEN</code> (at least 12 characters; <code>ferry token new</code> makes a strong one) and ' +
    'restart the host. A read-only token for people who only look: <code>host.adminReadOnlyToken</code>.</p>',
);

const NOT_BUILT_PAGE = page(
  'Ferry console',
  '<p>The console has not been built: run <code>npm run build</code>. Meanwhile the admin API answers at ' +
    '<code>/console/api/</code> (after sign-in) and <code>/admin/</code> (bearer token).</p>',
);
