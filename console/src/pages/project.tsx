// A connector's web service project: services, the discovered operations as a tree, the schema, the flows with
// their problems at their lines; and Discover from an OpenAPI or WSDL file or URL, previewed before it is written.
import { useState } from 'preact/hooks';
import { api, get } from '../api.ts';
import { Progress } from '../components/busy.tsx';
import { ConnectorPicker, useConnectors } from '../components/connector-picker.tsx';
import { ErrorBox, ProblemList } from '../components/error-box.tsx';
import { Head } from '../components/head.tsx';
import { Tree } from '../components/tree.tsx';
import { useLoad } from '../components/use-load.ts';
import { when } from '../format.ts';
import type { Route } from '../router.ts';
import { useReadOnly } from '../session.ts';

/** A problem at a place of the project file. */
interface ProjectProblem {
  path?: string;
  message: string;
  file?: string;
  line?: number;
  column?: number;
}

/** A flow and its problems. */
interface Flow {
  objectType: string;
  flow: string;
  steps: number;
  line?: number;
  problems: ProjectProblem[];
}

/** A service of the project with its discovered operations as a tree. */
interface Service {
  name: string;
  kind: string;
  baseUrl?: string;
  source?: string;
  discoveredAt?: string;
  operations: number;
  tree: unknown[];
}

/** GET /connectors/:name/project. */
interface Project {
  file: string;
  name?: string;
  description?: string;
  services: Service[];
  schema: unknown[];
  flows: Flow[];
  problems: ProjectProblem[];
}

/** What discovery would change (or changed) in the project. */
interface MergeReport {
  service: string;
  serviceAdded: boolean;
  baseUrlAdded?: string;
  baseUrlIgnored?: string;
  added: string[];
  updated: string[];
  unchanged: string[];
  missing: string[];
  removed: string[];
  keptInUse: string[];
  problems: string[];
}

/** POST /connectors/:name/project/discover. */
interface Discovered {
  preview: MergeReport;
  warnings?: string[];
  tree?: unknown;
  applied?: unknown;
}

function Flows({ file, flows }: { file: string; flows: Flow[] }) {
  return (
    <table class="list">
      <Head cols={['Object type', 'Flow', 'Problems']} />
      <tbody>
        {flows.map((f) => (
          <tr key={`${f.objectType}/${f.flow}`}>
            <td>{f.objectType}</td>
            <td>
              {f.flow}{' '}
              <span class="muted">
                ({f.steps} steps{f.line ? `, line ${f.line}` : ''})
              </span>
            </td>
            <td>
              {f.problems.length === 0 ? (
                <span class="badge good">none</span>
              ) : (
                <ul class="problems">
                  {f.problems.map((p, i) => (
                    <li key={i}>
                      <code>
                        {p.file ?? file}:{p.line ?? '?'}
                        {p.column ? `:${p.column}` : ''}
                      </code>{' '}
                      {p.message}
                    </li>
                  ))}
                </ul>
              )}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** One list of operation ids of a report, when it has any. */
function Ids({ title, ids }: { title: string; ids: string[] }) {
  if (!ids.length) return null;
  return (
    <li>
      <details open={ids.length <= 12}>
        <summary>
          {title} ({ids.length})
        </summary>
        <ul class="tree">
          {ids.map((id) => (
            <li key={id}>
              <code>{id}</code>
            </li>
          ))}
        </ul>
      </details>
    </li>
  );
}

function Report({ d }: { d: Discovered }) {
  const r = d.preview;
  return (
    <>
      <p>
        Service <code>{r.service}</code>
        {r.serviceAdded ? ' (new)' : ''}: {r.added.length} added, {r.updated.length} changed, {r.unchanged.length}{' '}
        unchanged, {r.removed.length} removed, {r.missing.length} no longer in the source.
      </p>
      {r.baseUrlAdded && <p>Base URL {r.baseUrlAdded} is written (the service had none).</p>}
      {r.baseUrlIgnored && (
        <p class="muted">The source names {r.baseUrlIgnored}; the service keeps its own base URL.</p>
      )}
      <ul class="tree">
        <Ids title="Added" ids={r.added} />
        <Ids title="Changed" ids={r.updated} />
        <Ids title="Removed" ids={r.removed} />
        <Ids title="Not in the source, kept" ids={r.missing.filter((x) => !r.removed.includes(x))} />
        <Ids title="Kept because a flow calls them" ids={r.keptInUse} />
        {d.tree !== undefined && <Tree name="Discovered structure" value={d.tree} />}
      </ul>
      {r.problems.length > 0 && (
        <div class="error">
          <strong>The project would no longer load:</strong>
          <ul class="problems">
            {r.problems.map((p) => (
              <li key={p}>{p}</li>
            ))}
          </ul>
        </div>
      )}
      {d.warnings && d.warnings.length > 0 && (
        <ul class="problems">
          {d.warnings.map((w) => (
            <li key={w}>{w}</li>
          ))}
        </ul>
      )}
    </>
  );
}

function Discover({ c, onApplied }: { c: string; onApplied: () => void }) {
  const readOnly = useReadOnly();
  const [kind, setKind] = useState<'rest' | 'soap'>('rest');
  const [url, setUrl] = useState('');
  const [text, setText] = useState<string | undefined>(undefined);
  const [fileName, setFileName] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(undefined);
  const [preview, setPreview] = useState<Discovered | undefined>(undefined);
  const [applied, setApplied] = useState(false);
  const call = async (apply: boolean) => {
    setBusy(true);
    setError(undefined);
    setApplied(false);
    try {
      const body = { kind, ...(text !== undefined ? { text } : { url }) };
      const r = await api<Discovered>(
        'POST',
        `/connectors/${encodeURIComponent(c)}/project/discover${apply ? '?apply=true' : ''}`,
        body,
      );
      setPreview(r);
      if (apply) {
        setApplied(true);
        onApplied();
      }
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };
  return (
    <section class="card" aria-labelledby="discover-title">
      <h2 id="discover-title">Discover</h2>
      <form
        class="filters"
        onSubmit={(e) => {
          e.preventDefault();
          void call(false);
        }}
      >
        <div class="field inline">
          <label for="disc-kind">Kind</label>
          <select id="disc-kind" value={kind} onChange={(e) => setKind(e.currentTarget.value as 'rest' | 'soap')}>
            <option value="rest">REST (OpenAPI 2 or 3)</option>
            <option value="soap">SOAP (WSDL)</option>
          </select>
        </div>
        <div class="field inline grow">
          <label for="disc-url">URL of the document</label>
          <input
            id="disc-url"
            type="url"
            value={url}
            placeholder="https://app.example.com/openapi.json"
            onInput={(e) => {
              setUrl(e.currentTarget.value);
              setText(undefined);
              setFileName('');
            }}
          />
        </div>
        <div class="field inline">
          <label for="disc-file">or a file</label>
          <input
            id="disc-file"
            type="file"
            accept=".json,.yaml,.yml,.wsdl,.xml"
            onChange={async (e) => {
              const f = e.currentTarget.files?.[0];
              if (!f) return;
              setText(await f.text());
              setFileName(f.name);
            }}
          />
        </div>
        <button type="submit" disabled={busy || (!url && text === undefined)}>
          Preview
        </button>
      </form>
      {fileName && <p class="muted">File {fileName} is read in the browser and sent to the host.</p>}
      {busy && <Progress label="Reading the document" />}
      <ErrorBox error={error} />
      {preview && (
        <div class="preview" role="status">
          <h3>What would change (flows untouched)</h3>
          <Report d={preview} />
          <button type="button" disabled={busy || readOnly || applied} onClick={() => call(true)}>
            Write into the project
          </button>
          {applied && <p class="ok">Written into the project.</p>}
        </div>
      )}
    </section>
  );
}

/** The Project page. */
export function ProjectPage({ route }: { route: Route }) {
  const cs = useConnectors();
  const web = (cs.data ?? []).filter((x) => x.kind === 'web-services');
  const c = route.query.get('c') || web[0]?.name || '';
  const d = useLoad(
    () => (c ? get<Project>(`/connectors/${encodeURIComponent(c)}/project`) : Promise.resolve(undefined)),
    [c],
  );
  return (
    <>
      <h1>Project</h1>
      <ErrorBox error={cs.error} />
      <ConnectorPicker connectors={web} value={c} />
      <ErrorBox error={d.error} />
      {d.data && (
        <>
          <p class="muted">
            Project file <code>{d.data.file}</code>
          </p>
          {d.data.problems.length > 0 && (
            <div class="error" role="alert">
              <strong>The project has problems:</strong>
              <ProblemList problems={d.data.problems} />
            </div>
          )}
          <div class="two">
            <section class="card" aria-labelledby="ops-title">
              <h2 id="ops-title">Services and operations</h2>
              {d.data.services.map((sv) => (
                <div key={sv.name}>
                  <h3>
                    {sv.name} <span class="badge">{sv.kind}</span>
                  </h3>
                  <p class="muted">
                    {sv.baseUrl && (
                      <>
                        <code>{sv.baseUrl}</code> ·{' '}
                      </>
                    )}
                    {sv.operations} operations
                    {sv.source ? ` from ${sv.source}` : ''}
                    {sv.discoveredAt ? `, discovered ${when(sv.discoveredAt)}` : ''}
                  </p>
                  <ul class="tree">
                    <Tree name="Operations" value={sv.tree} open />
                  </ul>
                </div>
              ))}
            </section>
            <section class="card" aria-labelledby="schema-title">
              <h2 id="schema-title">Schema</h2>
              <ul class="tree">
                <Tree name="Object types" value={d.data.schema} open />
              </ul>
            </section>
          </div>
          <h2>Flows</h2>
          <Flows file={d.data.file} flows={d.data.flows} />
        </>
      )}
      {c && <Discover key={c} c={c} onApplied={d.reload} />}
    </>
  );
}
