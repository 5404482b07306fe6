// A connector's web service project: services, the discovered operations as a tree, the schema, the flows with
// their problems at their lines; and Discover from an OpenAPI or WSDL file or URL, previewed before it is written.
import { useState } from 'preact/hooks';
import { api, get } from '../api.ts';
import { Progress } from '../components/busy.tsx';
import { ConnectorPicker, useConnectors } from '../components/connector-picker.tsx';
import { ErrorBox } from '../components/error-box.tsx';
import { Tree } from '../components/tree.tsx';
import { useLoad } from '../components/use-load.ts';
import type { Route } from '../router.ts';
import { useReadOnly } from '../session.ts';

/** A flow and its problems. */
interface Flow {
  objectType: string;
  operation: string;
  file?: string;
  line?: number;
  problems: { line?: number; column?: number; message: string }[];
}

/** GET /connectors/:name/project. */
interface Project {
  file: string;
  services: unknown[];
  operations: unknown;
  schema: unknown[];
  flows: Flow[];
}

/** A discovery preview. */
interface Preview {
  preview: { added: unknown[]; changed: unknown[]; removed: unknown[] };
}

function Flows({ flows }: { flows: Flow[] }) {
  return (
    <table class="list">
      <thead>
        <tr>
          <th scope="col">Object type</th>
          <th scope="col">Flow</th>
          <th scope="col">Problems</th>
        </tr>
      </thead>
      <tbody>
        {flows.map((f) => (
          <tr key={`${f.objectType}/${f.operation}`}>
            <td>{f.objectType}</td>
            <td>
              {f.operation}
              {f.line ? <span class="muted"> (line {f.line})</span> : null}
            </td>
            <td>
              {f.problems.length === 0 ? (
                <span class="badge good">none</span>
              ) : (
                <ul class="problems">
                  {f.problems.map((p, i) => (
                    <li key={i}>
                      <code>
                        {f.file ?? ''}:{p.line ?? '?'}
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

function Discover({ c, onApplied }: { c: string; onApplied: () => void }) {
  const readOnly = useReadOnly();
  const [kind, setKind] = useState<'rest' | 'soap'>('rest');
  const [url, setUrl] = useState('');
  const [text, setText] = useState<string | undefined>(undefined);
  const [fileName, setFileName] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(undefined);
  const [preview, setPreview] = useState<Preview['preview'] | undefined>(undefined);
  const [applied, setApplied] = useState(false);
  const call = async (apply: boolean) => {
    setBusy(true);
    setError(undefined);
    setApplied(false);
    try {
      const body = { kind, ...(text !== undefined ? { text } : { url }) };
      const r = await api<Preview>(
        'POST',
        `/connectors/${encodeURIComponent(c)}/project/discover${apply ? '?apply=true' : ''}`,
        body,
      );
      setPreview(r.preview);
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
          <ul class="tree">
            <Tree name={`Added (${preview.added.length})`} value={preview.added} open />
            <Tree name={`Changed (${preview.changed.length})`} value={preview.changed} open />
            <Tree name={`Removed (${preview.removed.length})`} value={preview.removed} open />
          </ul>
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
          <div class="two">
            <section class="card" aria-labelledby="ops-title">
              <h2 id="ops-title">Services and operations</h2>
              <ul class="tree">
                <Tree name="Services" value={d.data.services} open />
                <Tree name="Operations" value={d.data.operations} open />
              </ul>
            </section>
            <section class="card" aria-labelledby="schema-title">
              <h2 id="schema-title">Schema</h2>
              <ul class="tree">
                <Tree name="Object types" value={d.data.schema} open />
              </ul>
            </section>
          </div>
          <h2>Flows</h2>
          <Flows flows={d.data.flows} />
        </>
      )}
      {c && <Discover c={c} onApplied={d.reload} />}
    </>
  );
}
