// The console's configuration routes: a connector's settings as the ECMA wizard's pages, checking a change,
// saving it (comments kept, backup made) and reloading; creating and deleting connectors; rotating a token.
import type { Context, Hono } from 'hono';
import { ConfigError } from '../config/config-error.ts';
import type { AdminEnv, AuditNote } from './admin-auth.ts';
import { apiError } from './admin-error.ts';
import { reloadFailure } from './admin-host-routes.ts';
import { type CheckResult, type ConfigEditor, type ConnectorEntry, EditError } from './config-editor.ts';
import { maskSecrets } from './mask-secrets.ts';
import type { ReloadResult } from './reload.ts';

/** What the configuration routes need from the host. */
export interface ConfigRouteDeps {
  /** The editor of the host's file; undefined when the host was not started from a file. */
  editor(): ConfigEditor | undefined;
  reload(): Promise<ReloadResult>;
  /** The URL a SCIM client (Entra) is given for a connector. */
  tenantUrl(name: string, exposure: string): string;
}

const MAX_OVERLAP_MINUTES = 30 * 24 * 60;

/** A connector entry laid out as the wizard's pages. */
export function wizardPages(e: ConnectorEntry): Record<string, unknown> {
  const types = (e.objectTypes as Record<string, unknown>[] | undefined) ?? [];
  return {
    properties: pick(e, ['name', 'kind', 'exposure', 'autosyncMinutes', 'pageSize', 'deletionThreshold', 'memory']),
    connectivity: e.connectivity ?? {},
    capabilities: e.capabilities ?? {},
    globalParameters: e.parameters ?? {},
    partitions: e.partitions ?? [{ name: 'default' }],
    runProfiles: e.runProfiles ?? [],
    objectTypes: types.map((t) => pick(t, ['name', 'resource', 'anchor', 'dn', 'index', 'mapping', 'customSchema'])),
    selectedAttributes: types.map((t) => ({ objectType: t.name, attributes: t.attributes ?? [] })),
    deprovisioning: types.map((t) => ({ objectType: t.name, ...((t.deprovisioning as object | undefined) ?? {}) })),
  };
}

function pick(o: Record<string, unknown>, keys: string[]): Record<string, unknown> {
  return Object.fromEntries(keys.filter((k) => o[k] !== undefined).map((k) => [k, o[k]]));
}

/** The error answer of an editing failure. */
function editFailure(c: Context, e: unknown): Response {
  if (e instanceof EditError)
    return apiError(
      c,
      e.kind === 'not_found' ? 'admin_not_found' : e.kind === 'conflict' ? 'admin_conflict' : 'admin_bad_request',
      e.message,
    );
  if (e instanceof ConfigError)
    return apiError(c, 'config_invalid', 'The change was refused; nothing was saved.', [...e.problems]);
  throw e;
}

/** The connector name of the route. */
const nameOf = (c: Context) => c.req.param('name') ?? '';

/** A route handler that works on the configuration file. */
type EditHandler = (c: Context<AdminEnv>, editor: ConfigEditor) => Promise<Response> | Response;

/** Registers the configuration routes. */
export function configRoutes(app: Hono<AdminEnv>, d: ConfigRouteDeps): void {
  /**
   * Runs `fn` with the editor; an editing refusal becomes its error answer, and (for `applying` routes, which save
   * and reload) any other failure the answer of a reload that failed after the save.
   */
  const editing =
    (fn: EditHandler, applying = true) =>
    async (c: Context<AdminEnv>) => {
      const editor = d.editor();
      if (!editor) return apiError(c, 'admin_conflict', 'This host was not started from a configuration file.');
      try {
        return await fn(c, editor);
      } catch (e) {
        if (e instanceof EditError || e instanceof ConfigError || !applying) return editFailure(c, e);
        return reloadFailure(c, e);
      }
    };
  /** The connector of the request body ({ connector: {...} }). */
  const body = async (c: Context): Promise<ConnectorEntry | undefined> => {
    const b = (await c.req.json().catch(() => undefined)) as { connector?: unknown } | undefined;
    const v = b?.connector;
    return v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as ConnectorEntry) : undefined;
  };
  const noBody = (c: Context) => apiError(c, 'admin_bad_request', 'Send { "connector": { "name": ..., ... } }.');
  /** Saves a checked text and reloads; refused text is answered with its problems and nothing is saved. */
  const save = async (
    c: Context<AdminEnv>,
    editor: ConfigEditor,
    checked: CheckResult & { text: string },
    refused: string,
    audit: AuditNote,
  ) => {
    if (!checked.ok)
      return { refusal: apiError(c, 'config_invalid', `${refused}; nothing was saved.`, checked.problems) };
    c.set('audit', audit);
    const backup = await editor.save(checked.text);
    return { saved: { backup, reload: await d.reload() } };
  };

  app.get(
    '/connectors/:name/config',
    editing((c, editor) => {
      const raw = maskSecrets(editor.entry(nameOf(c))) as ConnectorEntry;
      return c.json({ name: raw.name, file: editor.file, pages: wizardPages(raw), raw });
    }, false),
  );

  app.post(
    '/connectors/:name/config/validate',
    editing(async (c, editor) => {
      const next = await body(c);
      if (!next) return noBody(c);
      const r = await editor.check(nameOf(c), next);
      return c.json({ ok: r.ok, problems: r.problems });
    }, false),
  );

  app.put(
    '/connectors/:name/config',
    editing(async (c, editor) => {
      const next = await body(c);
      if (!next) return noBody(c);
      const name = nameOf(c);
      const before = editor.entry(name);
      const r = await save(c, editor, await editor.check(name, next), 'The change was refused', {
        object: name,
        before,
        after: next,
      });
      return r.refusal ?? c.json({ saved: true, ...r.saved });
    }),
  );

  app.post(
    '/connectors',
    editing(async (c, editor) => {
      const next = await body(c);
      if (!next || typeof next.name !== 'string') return noBody(c);
      const name = next.name;
      if (editor.entries().some((e) => e.name === name))
        return apiError(c, 'admin_conflict', `A connector named "${name}" exists.`);
      const { token, reference } = editor.writeToken(name);
      const entry = { ...next, secretToken: reference };
      const r = await save(c, editor, await editor.check(undefined, entry), 'The new connector was refused', {
        object: name,
        after: entry,
      });
      if (r.refusal) {
        editor.removeToken(reference);
        return r.refusal;
      }
      const exposure = typeof next.exposure === 'string' ? next.exposure : 'ecma';
      return c.json({ name, tenantUrl: d.tenantUrl(name, exposure), token, ...r.saved }, 201);
    }),
  );

  app.delete(
    '/connectors/:name',
    editing(async (c, editor) => {
      const name = nameOf(c);
      const before = editor.entry(name);
      const r = await save(
        c,
        editor,
        await editor.check(name, undefined),
        'Removing it would leave a configuration that is refused',
        {
          object: name,
          before,
        },
      );
      return r.refusal ?? c.json({ deleted: true, ...r.saved });
    }),
  );

  app.post(
    '/connectors/:name/token/rotate',
    editing(async (c, editor) => {
      const b = (await c.req.json().catch(() => ({}))) as { overlapMinutes?: unknown };
      const overlap = b.overlapMinutes === undefined ? 1440 : b.overlapMinutes;
      if (typeof overlap !== 'number' || !Number.isFinite(overlap) || overlap < 0 || overlap > MAX_OVERLAP_MINUTES)
        return apiError(c, 'admin_bad_request', `overlapMinutes must be a number from 0 to ${MAX_OVERLAP_MINUTES}.`);
      const name = nameOf(c);
      const entry = editor.entry(name);
      const now = Date.now();
      const validUntil = new Date(now + overlap * 60_000).toISOString();
      // Tokens whose overlap is over are dropped from the list as the next rotation writes it.
      const kept = ((entry.previousSecretTokens as { token: string; validUntil: string }[] | undefined) ?? []).filter(
        (p) => Date.parse(p.validUntil) > now,
      );
      const { token, reference } = editor.writeToken(name);
      const next = {
        ...entry,
        secretToken: reference,
        previousSecretTokens: [...kept, ...(overlap > 0 ? [{ token: entry.secretToken as string, validUntil }] : [])],
      };
      const r = await save(c, editor, await editor.check(name, next), 'The rotation was refused', {
        object: name,
        after: { secretToken: reference, previousValidUntil: validUntil },
      });
      if (r.refusal) {
        editor.removeToken(reference);
        return r.refusal;
      }
      const exposure = typeof entry.exposure === 'string' ? entry.exposure : 'ecma';
      return c.json({ token, previousValidUntil: validUntil, tenantUrl: d.tenantUrl(name, exposure), ...r.saved });
    }),
  );
}
