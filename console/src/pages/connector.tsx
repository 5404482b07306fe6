// A connector's settings as the wizard's pages: edited, checked as you type, saved to ferry.yaml (comments kept,
// a backup made) and applied by a reload.
import { useState } from 'preact/hooks';
import { api, get } from '../api.ts';
import { Loading, Progress } from '../components/busy.tsx';
import { ErrorBox } from '../components/error-box.tsx';
import { SettingsEditor } from '../components/settings-editor.tsx';
import { useLoad } from '../components/use-load.ts';
import { loadSchema, useSettings } from '../components/use-settings.ts';
import { href, type Route, setQuery } from '../router.ts';
import type { JsonSchema } from '../schema.ts';
import { useReadOnly } from '../session.ts';

/** GET /connectors/:name/config. */
interface ConnectorConfig {
  name: string;
  file: string;
  raw: Record<string, unknown>;
}

/** Reload result of a save. */
interface ReloadResult {
  ok: boolean;
  added?: string[];
  removed?: string[];
  changed?: string[];
}

interface Saved {
  saved: boolean;
  backup?: string;
  reload?: ReloadResult;
}

/** The project schema's attribute names by object type; none for a connector without a project. */
function projectAttributes(name: string): Promise<Record<string, string[]> | undefined> {
  return get<{ schema: { name: string; attributes?: { name: string }[] }[] }>(
    `/connectors/${encodeURIComponent(name)}/project`,
  ).then(
    (p) => Object.fromEntries(p.schema.map((t) => [t.name, (t.attributes ?? []).map((a) => a.name)])),
    () => undefined,
  );
}

function Editor({
  name,
  root,
  config,
  page,
  available,
}: {
  name: string;
  root: JsonSchema;
  config: ConnectorConfig;
  page: string;
  available?: Record<string, string[]>;
}) {
  const readOnly = useReadOnly();
  const path = `/connectors/${encodeURIComponent(name)}/config`;
  const [initial, setInitial] = useState(config.raw);
  const s = useSettings(root, initial, { serverCheck: readOnly ? undefined : `${path}/validate` });
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(undefined);
  const [saved, setSaved] = useState<Saved | undefined>(undefined);
  const save = async () => {
    setBusy(true);
    setError(undefined);
    setSaved(undefined);
    try {
      const r = await api<Saved>('PUT', path, { connector: s.draft });
      setSaved(r);
      setInitial((await get<ConnectorConfig>(path)).raw);
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };
  const remove = async () => {
    if (!confirm(`Delete connector ${name} from ${config.file}? A backup of the file is kept.`)) return;
    setBusy(true);
    try {
      await api('DELETE', `/connectors/${encodeURIComponent(name)}`);
      location.hash = '#/';
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };
  return (
    <>
      <p class="muted">
        Saved to <code>{config.file}</code>; the host reloads it without a restart.
      </p>
      <SettingsEditor
        schema={s.schema}
        value={s.draft}
        onChange={s.setDraft}
        page={page}
        onPage={(p) => setQuery({ page: p })}
        problems={s.problems}
        disabled={readOnly || busy}
        fixed={['name', 'secretToken']}
        available={available}
      />
      <div class="actions">
        <button type="button" onClick={save} disabled={busy || !s.dirty || readOnly}>
          {busy ? 'Saving and reloading…' : 'Save and reload'}
        </button>
        <button type="button" class="secondary" disabled={busy || !s.dirty} onClick={() => s.setDraft(initial)}>
          Undo changes
        </button>
        <button type="button" class="danger" disabled={busy || readOnly} onClick={remove}>
          Delete connector
        </button>
        {s.problems.size > 0 && (
          <span class="field-problem" role="status">
            {s.problems.size} problem{s.problems.size === 1 ? '' : 's'} to fix before the host accepts it
          </span>
        )}
        {readOnly && <span class="muted">Read-only: the host refuses changes from this session.</span>}
      </div>
      {busy && <Progress label="Saving, then reloading the host" />}
      <ErrorBox error={error} />
      {saved && (
        <div class="ok" role="status">
          Saved{saved.backup ? ` (backup ${saved.backup})` : ''} and reloaded
          {saved.reload?.changed?.length ? `: changed ${saved.reload.changed.join(', ')}` : ''}.
        </div>
      )}
    </>
  );
}

/** The Connector page. */
export function ConnectorPage({ name, route }: { name: string; route: Route }) {
  const d = useLoad(
    () =>
      Promise.all([
        loadSchema(),
        get<ConnectorConfig>(`/connectors/${encodeURIComponent(name)}/config`),
        projectAttributes(name),
      ]),
    [name],
  );
  const page = route.query.get('page') ?? 'properties';
  return (
    <>
      <div class="page-head">
        <h1>Connector {name}</h1>
        <p class="links">
          <a href={`#/runs?c=${encodeURIComponent(name)}`}>Runs</a> ·{' '}
          <a href={`#/space?c=${encodeURIComponent(name)}`}>Connector space</a> ·{' '}
          <a href={`#/project?c=${encodeURIComponent(name)}`}>Project</a> ·{' '}
          <a href={`${href('certificates')}`}>Token</a>
        </p>
      </div>
      <ErrorBox error={d.error} />
      {/* While another connector's settings load, the last ones must not be shown (or saved) under this name. */}
      {d.data?.[1].name === name ? (
        <Editor key={name} name={name} root={d.data[0]} config={d.data[1]} page={page} available={d.data[2]} />
      ) : (
        d.loading && <Loading what="the settings" />
      )}
    </>
  );
}
