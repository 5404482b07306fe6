// /api/v1/teams: list, read, create, patch, delete, and the member list with add/remove endpoints.
import { invalid } from '../errors.ts';
import { decodeCursor, pageOf, parseLimit } from '../paging.ts';
import type { Route } from '../router.ts';
import { renderMember, renderTeam, type TeamStore } from '../team-store.ts';
import { objectBody, parseTeamBody, type TeamFields } from '../validate.ts';

/** The team endpoints. */
export function teamRoutes(teams: TeamStore): Route[] {
  const base = '/api/v1/teams';
  return [
    {
      method: 'GET',
      path: base,
      handler: ({ url }) => {
        const limit = parseLimit(url.searchParams.get('limit'));
        const rows = teams.list(
          decodeCursor(url.searchParams.get('cursor')),
          limit,
          url.searchParams.get('name') ?? undefined,
        );
        return { status: 200, body: pageOf(rows, limit, renderTeam) };
      },
    },
    {
      method: 'POST',
      path: base,
      handler: ({ body }) => {
        const team = teams.create(parseTeamBody(body, 'create') as TeamFields);
        return { status: 201, body: team, headers: { Location: `${base}/${team.id}` } };
      },
    },
    { method: 'GET', path: `${base}/{id}`, handler: ({ params }) => ({ status: 200, body: teams.get(params.id) }) },
    {
      method: 'PATCH',
      path: `${base}/{id}`,
      handler: ({ params, body }) => ({ status: 200, body: teams.patch(params.id, parseTeamBody(body, 'patch')) }),
    },
    {
      method: 'DELETE',
      path: `${base}/{id}`,
      handler: ({ params }) => {
        teams.delete(params.id);
        return { status: 204 };
      },
    },
    {
      method: 'GET',
      path: `${base}/{id}/members`,
      handler: ({ params, url }) => {
        const limit = parseLimit(url.searchParams.get('limit'));
        return {
          status: 200,
          body: pageOf(
            teams.members(params.id, decodeCursor(url.searchParams.get('cursor')), limit),
            limit,
            renderMember,
          ),
        };
      },
    },
    {
      method: 'POST',
      path: `${base}/{id}/members`,
      handler: ({ params, body }) => {
        const o = objectBody(body);
        for (const k of Object.keys(o)) if (k !== 'account_id') throw invalid(k, `unknown field ${k}`, 'unknown_field');
        if (typeof o.account_id !== 'string') throw invalid('account_id', 'account_id is required', 'required');
        // Idempotent: 201 when the account joins, 200 when it already was a member; the body is the member either way.
        const { added, member } = teams.addMember(params.id, o.account_id);
        return { status: added ? 201 : 200, body: member };
      },
    },
    {
      method: 'DELETE',
      path: `${base}/{id}/members/{account_id}`,
      handler: ({ params }) => {
        teams.removeMember(params.id, params.account_id);
        return { status: 204 };
      },
    },
  ];
}
