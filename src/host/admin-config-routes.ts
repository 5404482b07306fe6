// The console's configuration routes: a connector's settings as the ECMA wizard's pages, checking a change,
// saving it (comments kept, backup made) and reloading; creating and deleting connectors; rotating a token.
import type { Context, Hono } from 'hono';
import { ConfigError } from '../config/config-error.ts';
import type { AdminEnv } from './admin-auth.ts';
import { apiError } from './admin-error.ts';
import { reloadFailure } from './admin-host-routes.ts';
import { type ConfigEditor, type ConnectorEntry, EditError } from './config-editor.ts';
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

/** Registers the configuration routes. */
export function configRoutes(app: Hono<AdminEnv>, d: ConfigRouteDeps): void {
  const editorOf = (c: Context) =>
    d.editor() ?? apiError(c, 'admin_conflict', 'This host was not started from a configuration file.');
  const body = async (c: Context): Promise<ConnectorEntry | undefined> => {
    const b = (await c.req.json().catch(() => undefined)) as { connector?: unknown } | undefined;
    const v = b?.connector;
    return v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as ConnectorEntry) : undefined;
  };
  /** Saves the text and reloads; a reload failure after a save is reported with the backup named. */
  const saveAndReload = async (editor: ConfigEditor, text: string) => {
    const backup = await editor.save(text);
    return { backup, reload: await d.reload() };
  };

  app.get('/connectors/:name/config', (c) => {
    const editor = editorOf(c);
    if (editor instanceof Response) return editor;
    try {
      const raw = maskSecrets(editor.entry(c.req.param('name'))) as ConnectorEntry;
      return c.json({ name: raw.name, file: editor.file, pages: wizardPages(raw), raw });
    } catch (e) {
      return editFailure(c, e);
    }
  });

  app.post('/connectors/:name/config/validate', async (c) => {
    const editor = editorOf(c);
    if (editor instanceof Response) return editor;
    const next = await body(c);
    if (!next) return apiError(c, 'admin_bad_request', 'Send { "connector": { ... } }.');
    try {
      const r = await editor.check(c.req.param('name'), next);
      return c.json({ ok: r.ok, problems: r.problems });
    } catch (e) {
      return editFailure(c, e);
    }
  });

  app.put('/connectors/:name/config', async (c) => {
    const editor = editorOf(c);
    if (editor instanceof Response) return editor;
    const next = await body(c);
    if (!next) return apiError(c, 'admin_bad_request', 'Send { "connector": { ... } }.');
    const name = c.req.param('name');
    try {
      const before = editor.entry(name);
      const r = await editor.check(name, next);
      if (!r.ok) return apiError(c, 'config_invalid', 'The change was refused; nothing was saved.', r.problems);
      c.set('audit', { object: name, before, after: next });
      const saved = await saveAndReload(editor, r.text);
      return c.json({ saved: true, ...saved });
    } catch (e) {
      if (e instanceof EditError || e instanceof ConfigError) return editFailure(c, e);
      return reloadFailure(c, e);
    }
  });

  app.post('/connectors', async (c) => {
    const editor = editorOf(c);
    if (editor instanceof Response) return editor;
    const next = await body(c);
    if (!next || typeof next.name !== 'string')
      return apiError(c, 'admin_bad_request', 'Send { "connector": { "name": ..., ... } }.');
    const name = next.name;
    try {
      if (editor.entries().some((e) => e.name === name))
        return apiError(c, 'admin_conflict', `A connector named "${name}" exists.`);
      const { token, reference } = editor.writeToken(name);
      const entry = { ...next, secretToken: reference };
      const r = await editor.check(undefined, entry);
      if (!r.ok) return apiError(c, 'config_invalid', 'The new connector was refused; nothing was saved.', r.problems);
      c.set('audit', { object: name, after: entry });
      const saved = await saveAndReload(editor, r.text);
      const exposure = typeof next.exposure === 'string' ? next.exposure : 'ecma';
      return c.json({ name, tenantUrl: d.tenantUrl(name, exposure), token, ...saved }, 201);
    } catch (e) {
      if (e instanceof EditError || e instanceof ConfigError) return editFailure(c, e);
      return reloadFailure(c, e);
    }
  });

  app.delete('/connectors/:name', async (c) => {
    const editor = editorOf(c);
    if (editor instanceof Response) return editor;
    const name = c.req.param('name');
    try {
      const before = editor.entry(name);
      const r = await editor.check(name, undefined);
      if (!r.ok)
        return apiError(c, 'config_invalid', 'Removing it would leave a configuration that is refused.', r.problems);
      c.set('audit', { object: name, before });
      const saved = await saveAndReload(editor, r.text);
      return c.json({ deleted: true, ...saved });
    } catch (e) {
      if (e instanceof EditError || e instanceof ConfigError) return editFailure(c, e);
      return reloadFailure(c, e);
    }
  });

  app.post('/connectors/:name/token/rotate', async (c) => {
    const editor = editorOf(c);
    if (editor instanceof Response) return editor;
    const b = (await c.req.json().catch(() => ({}))) as { overlapMinutes?: unknown };
    const overlap = b.overlapMinutes === undefined ? 1440 : b.overlapMinutes;
    if (typeof overlap !== 'number' || !Number.isFinite(overlap) || overlap < 0 || overlap > MAX_OVERLAP_MINUTES)
      return apiError(c, 'admin_bad_request', `overlapMinutes must be a number from 0 to ${MAX_OVERLAP_MINUTES}.`);
    const name = c.req.param('name');
    try {
      const entry = editor.entry(name);
      const now = Date.now();
      const validUntil = new Date(now + overlap * 60_000).toISOString();
      const kept = ((entry.previousSecretTokens as { token: string; validUntil: string }[] | undefined) ?? []).filter(
        (p) => Date.parse(p.validUntil) > now,
      );
      const { token, reference } = editor.writeToken(name);
      const next = {
        ...entry,
        secretToken: reference,
        previousSecretTokens: [...kept, ...(overlap > 0 ? [{ token: entry.secretToken as string, validUntil }] : [])],
      };
      const r = await editor.check(name, next);
      if (!r.ok) return apiError(c, 'config_invalid', 'The rotation was refused; nothing was saved.', r.problems);
      c.set('audit', { object: name, after: { secretToken: reference, previousValidUntil: validUntil } });
      const saved = await saveAndReload(editor, r.text);
      const exposure = typeof entry.exposure === 'string' ? entry.exposure : 'ecma';
      return c.json({ token, previousValidUntil: validUntil, tenantUrl: d.tenantUrl(name, exposure), ...saved });
    } catch (e) {
      if (e instanceof EditError || e instanceof ConfigError) return editFailure(c, e);
      return reloadFailure(c, e);
    }
  });
}
