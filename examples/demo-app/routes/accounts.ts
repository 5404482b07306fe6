// /api/v1/accounts: list (cursor paged), read, create, replace, merge-patch, delete, activation and password.
import { renderAccount, type AccountStore } from '../account-store.ts';
import { invalid } from '../errors.ts';
import { decodeCursor, pageOf, parseLimit } from '../paging.ts';
import { hashPassword, verifyPassword } from '../passwords.ts';
import type { Ctx, Route } from '../router.ts';
import { type AccountFields, objectBody, parseAccountBody, parsePassword } from '../validate.ts';

/** What the account routes need. */
export interface AccountRouteDeps {
  accounts: AccountStore;
  /** scrypt cost N for password hashes. */
  passwordCost: number;
}

const ISO_TIME = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2}))?$/;

/** The account endpoints. */
export function accountRoutes({ accounts, passwordCost }: AccountRouteDeps): Route[] {
  const base = '/api/v1/accounts';
  return [
    {
      method: 'GET',
      path: base,
      handler: ({ url }) => {
        const q = url.searchParams;
        const limit = parseLimit(q.get('limit'));
        const rows = accounts.list({
          after: decodeCursor(q.get('cursor')),
          limit,
          login: q.get('login') ?? undefined,
          updatedSince: parseUpdatedSince(q.get('updated_since')),
        });
        return { status: 200, body: pageOf(rows, limit, renderAccount) };
      },
    },
    {
      method: 'POST',
      path: base,
      handler: async ({ body }) => {
        const { fields, password } = parseAccountBody(body, 'create');
        // Hash before the write transaction: scrypt is slow and runs off the main thread.
        const hash = password === undefined ? null : await hashPassword(password, passwordCost);
        const account = accounts.create(fields as AccountFields, hash);
        return { status: 201, body: account, headers: { Location: `${base}/${account.id}` } };
      },
    },
    { method: 'GET', path: `${base}/{id}`, handler: ({ params }) => ({ status: 200, body: accounts.get(params.id) }) },
    {
      method: 'PUT',
      path: `${base}/{id}`,
      handler: ({ params, body }) => {
        const { fields } = parseAccountBody(body, 'replace');
        return { status: 200, body: accounts.update(params.id, () => fields as AccountFields) };
      },
    },
    {
      method: 'PATCH',
      path: `${base}/{id}`,
      handler: ({ params, body }) => {
        // JSON merge patch (RFC 7396) at the top level: present fields replace (arrays whole), null clears.
        const { fields } = parseAccountBody(body, 'patch');
        return { status: 200, body: accounts.update(params.id, (current) => ({ ...current, ...fields })) };
      },
    },
    {
      method: 'DELETE',
      path: `${base}/{id}`,
      handler: ({ params }) => {
        accounts.delete(params.id);
        return { status: 204 };
      },
    },
    {
      method: 'POST',
      path: `${base}/{id}/activation`,
      handler: ({ params, body }) => {
        const o = objectBody(body);
        for (const k of Object.keys(o)) if (k !== 'active') throw invalid(k, `unknown field ${k}`, 'unknown_field');
        if (typeof o.active !== 'boolean')
          throw invalid(
            'active',
            'active must be true or false',
            o.active === undefined ? 'required' : 'invalid_value',
          );
        return { status: 200, body: accounts.setActive(params.id, o.active) };
      },
    },
    {
      method: 'PUT',
      path: `${base}/{id}/password`,
      handler: async ({ params, body }) => {
        const password = passwordOf(body);
        accounts.passwordHash(params.id); // 404 before spending a hash on an unknown account
        accounts.setPasswordHash(params.id, await hashPassword(password, passwordCost));
        return { status: 204 };
      },
    },
    {
      method: 'POST',
      path: `${base}/{id}/password/verify`,
      handler: async ({ params, body }: Ctx) => {
        const o = objectBody(body);
        if (typeof o.password !== 'string') throw invalid('password', 'password must be a string', 'required');
        const stored = accounts.passwordHash(params.id);
        return { status: 200, body: { valid: stored !== null && (await verifyPassword(o.password, stored)) } };
      },
    },
  ];
}

function passwordOf(body: unknown): string {
  const o = objectBody(body);
  for (const k of Object.keys(o)) if (k !== 'password') throw invalid(k, `unknown field ${k}`, 'unknown_field');
  if (o.password === undefined) throw invalid('password', 'password is required', 'required');
  return parsePassword(o.password);
}

function parseUpdatedSince(value: string | null): string | undefined {
  if (value === null || value === '') return undefined;
  const t = ISO_TIME.test(value) ? new Date(value) : undefined;
  if (!t || Number.isNaN(t.getTime())) {
    throw invalid(
      'updated_since',
      'updated_since must be an ISO 8601 date or date-time with a zone (2024-05-01T12:00:00Z)',
      'invalid_parameter',
    );
  }
  return t.toISOString();
}
