// The reference of bench:scim: about the least a Node server can do to answer Entra's matching query. node:http,
// COUNT users held as ready SCIM resources in a Map by userName, the same bearer-token check as the host (SHA-256
// digests compared in constant time), `GET …/Users?filter=userName eq "…"` answered with the same JSON
// ListResponse shape. Its requests/s are what Node itself allows on this machine: the host is measured against it.
//   node bench/reference-scim-server.mjs COUNT TOKEN — prints "READY <baseUrl>"; on SIGTERM prints "RSS <bytes>".
import { createHash, timingSafeEqual } from 'node:crypto';
import { createServer } from 'node:http';

const [count, token] = process.argv.slice(2);
const USERS = Number(count);
const CORE = 'urn:ietf:params:scim:schemas:core:2.0:User';
const ENTERPRISE = 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User';
const digest = (s) => createHash('sha256').update(s, 'utf8').digest();
const expected = digest(token);

const users = new Map();
const now = new Date().toISOString();
for (let n = 1; n <= USERS; n++) {
  const id = `00000000-0000-5000-8000-${String(n).padStart(12, '0')}`;
  const userName = `user${n}@example.com`;
  users.set(userName.toLowerCase(), {
    schemas: [CORE, ENTERPRISE],
    id,
    userName,
    name: { givenName: 'Ada', familyName: 'Lovelace' },
    emails: [{ type: 'work', value: `ada.lovelace.${n}@example.com` }],
    active: true,
    [ENTERPRISE]: { department: 'Engineering' },
    meta: { resourceType: 'User', created: now, lastModified: now, version: 'W/"1"', location: '' },
  });
}

const FILTER = /^userName eq "(.*)"$/i;
const send = (res, status, body) => {
  res.writeHead(status, { 'Content-Type': 'application/scim+json' });
  res.end(JSON.stringify(body));
};

const server = createServer((req, res) => {
  const m = /^Bearer\s+(.+)$/i.exec(req.headers.authorization ?? '');
  if (!m || !timingSafeEqual(digest(m[1]), expected)) return send(res, 401, { status: '401' });
  const url = new URL(req.url ?? '/', 'http://localhost');
  const f = FILTER.exec(url.searchParams.get('filter') ?? '');
  if (!url.pathname.endsWith('/Users') || !f) return send(res, 400, { status: '400' });
  const user = users.get(f[1].toLowerCase());
  if (user) user.meta.location = `http://${req.headers.host}${url.pathname}/${user.id}`;
  const found = user ? [user] : [];
  send(res, 200, {
    schemas: ['urn:ietf:params:scim:api:messages:2.0:ListResponse'],
    totalResults: found.length,
    itemsPerPage: found.length,
    startIndex: 1,
    Resources: found,
  });
});
server.listen(0, '127.0.0.1', () => process.stdout.write(`READY http://127.0.0.1:${server.address().port}\n`));
process.on('SIGTERM', () => {
  process.stdout.write(`RSS ${process.resourceUsage().maxRSS * 1024}\n`);
  process.exit(0);
});
