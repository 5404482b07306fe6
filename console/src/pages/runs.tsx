// Runs: start a full or delta import and watch it page by page; the history of runs; test connection with
// each call it made.
import { useState } from 'preact/hooks';
import { ApiError, api, get, query, readLines, send } from '../api.ts';
import { Progress } from '../components/busy.tsx';
import { ConnectorPicker, useConnectors } from '../components/connector-picker.tsx';
import { ErrorBox } from '../components/error-box.tsx';
import { Head } from '../components/head.tsx';
import { useLoad } from '../components/use-load.ts';
import { duration, when } from '../format.ts';
import type { Route } from '../router.ts';
import { useReadOnly } from '../session.ts';

/** A run of GET /runs. */
interface Run {
  id: number | string;
  connector: string;
  kind: string;
  at: string;
  durationMs: number;
  status: string;
  /** Per object type, e.g. "42 read, 0 added, 0 updated, 0 removed". */
  objectTypes?: { objectType: string; counts?: string }[];
  error?: string | { message: string };
}

/** Progress of one object type in a running import. */
interface TypeProgress {
  objectType: string;
  objects: number;
  pages: number;
  added: number;
  updated: number;
  removed: number;
}

/** A connection test's answer. */
interface TestResult {
  ok: boolean;
  message?: string;
  durationMs?: number;
  /** Every call the test made, in order (web-services connectors). */
  calls?: {
    service: string;
    method: string;
    /** Without its query string, secret values masked. */
    path: string;
    /** The SOAP operation, when the call names one. */
    operation?: string;
    status?: number;
    durationMs: number;
    ok: boolean;
    error?: string;
  }[];
}

function ImportPanel({ c, onDone }: { c: string; onDone: () => void }) {
  const readOnly = useReadOnly();
  const [running, setRunning] = useState(false);
  const [estimate, setEstimate] = useState<Record<string, number>>({});
  const [progress, setProgress] = useState<Record<string, TypeProgress>>({});
  const [result, setResult] = useState<string | undefined>(undefined);
  const [error, setError] = useState<unknown>(undefined);
  const [allowDeletes, setAllowDeletes] = useState(false);
  const start = async (kind: 'full' | 'delta') => {
    setRunning(true);
    setError(undefined);
    setResult(undefined);
    setProgress({});
    try {
      const res = await send(
        'POST',
        `/connectors/${encodeURIComponent(c)}/import${query({ kind, allowDeletes: allowDeletes ? 'true' : undefined })}`,
      );
      await readLines(res, (line) => {
        if (line.event === 'started') setEstimate((line.estimate as Record<string, number>) ?? {});
        else if (line.event === 'progress') {
          const p = line as unknown as TypeProgress;
          setProgress((old) => ({ ...old, [p.objectType]: p }));
        } else if (line.event === 'done') {
          const r = line.report as { types?: TypeProgress[]; durationMs?: number };
          setResult(
            `${kind === 'full' ? 'Full' : 'Delta'} import finished in ${duration(r.durationMs)}: ${(r.types ?? [])
              .map(
                (t) =>
                  `${t.objectType} ${t.objects} read, ${t.added} added, ${t.updated} updated, ${t.removed} removed`,
              )
              .join('; ')}.`,
          );
        } else if (line.event === 'failed') {
          const err = line.error as
            | string
            | { error?: string; message?: string; recommendation?: string; code?: string };
          setError(
            new ApiError(
              200,
              typeof err === 'string'
                ? { error: err }
                : { ...err, error: err.error ?? err.message ?? 'The import failed.' },
            ),
          );
        }
      });
    } catch (e) {
      setError(e);
    } finally {
      setRunning(false);
      onDone();
    }
  };
  return (
    <section class="card" aria-labelledby="import-title">
      <h2 id="import-title">Import</h2>
      <div class="actions">
        <button type="button" disabled={running || readOnly} onClick={() => start('full')}>
          Start full import
        </button>
        <button type="button" class="secondary" disabled={running || readOnly} onClick={() => start('delta')}>
          Start delta import
        </button>
        <label class="check">
          <input
            type="checkbox"
            checked={allowDeletes}
            disabled={readOnly}
            onChange={(e) => setAllowDeletes(e.currentTarget.checked)}
          />{' '}
          Allow removals over the deletion threshold
        </label>
      </div>
      {readOnly && <p class="muted">Read-only: imports are started by an administrator.</p>}
      <div aria-live="polite">
        {running && Object.keys(progress).length === 0 && <Progress label="Starting the import" />}
        {Object.values(progress).map((p) => (
          <TypeBar key={p.objectType} p={p} estimate={estimate[p.objectType]} running={running} />
        ))}
        {result && (
          <p class="ok" role="status">
            {result}
          </p>
        )}
      </div>
      <ErrorBox error={error} />
    </section>
  );
}

function TestPanel({ c }: { c: string }) {
  // A connection test is a POST, refused to the read-only role like any change.
  const readOnly = useReadOnly();
  const [busy, setBusy] = useState(false);
  const [result, setResult] = useState<TestResult | undefined>(undefined);
  const [error, setError] = useState<unknown>(undefined);
  const run = async () => {
    setBusy(true);
    setResult(undefined);
    setError(undefined);
    try {
      setResult(await api<TestResult>('POST', `/connectors/${encodeURIComponent(c)}/test`));
    } catch (e) {
      // 502 carries the test's own answer: show its calls, not only the error.
      if (e instanceof ApiError && e.status === 502 && 'ok' in e.body) setResult(e.body as unknown as TestResult);
      else setError(e);
    } finally {
      setBusy(false);
    }
  };
  return (
    <section class="card" aria-labelledby="test-title">
      <h2 id="test-title">Test connection</h2>
      <button type="button" disabled={busy || readOnly} onClick={run}>
        {busy ? 'Testing…' : 'Test connection'}
      </button>
      {busy && <Progress label="Calling the application" />}
      <ErrorBox error={error} />
      {result && (
        <div role="status">
          <p class={result.ok ? 'ok' : 'error'}>
            {result.ok ? 'Connection works' : 'Connection failed'}
            {/* The host's message starts with the same words when it passed. */}
            {result.message ? `: ${result.message.replace(/^Connection works:\s*/, '')}` : ''} (
            {duration(result.durationMs)})
          </p>
          {result.calls && result.calls.length > 0 && (
            <>
              <h3 id="test-calls">Calls made</h3>
              <ol class="calls" aria-labelledby="test-calls">
                {result.calls.map((k, i) => (
                  <li key={i}>
                    <span class={`badge ${k.ok ? 'good' : 'bad'}`}>{k.ok ? 'ok' : 'failed'}</span>{' '}
                    <code>
                      {k.service}: {k.method} {k.path}
                      {k.operation ? ` (${k.operation})` : ''}
                    </code>{' '}
                    {k.status === undefined ? 'no answer' : `answered ${k.status}`} in {duration(k.durationMs)}
                    {k.error && <span class="muted"> — {k.error}</span>}
                  </li>
                ))}
              </ol>
            </>
          )}
        </div>
      )}
    </section>
  );
}

/** The Runs page. */
export function RunsPage({ route }: { route: Route }) {
  const cs = useConnectors();
  const c = route.query.get('c') || cs.data?.[0]?.name || '';
  const runs = useLoad(
    () => (c ? get<{ runs: Run[] }>(`/runs${query({ connector: c, limit: 50 })}`) : Promise.resolve({ runs: [] })),
    [c],
  );
  return (
    <>
      <h1>Runs</h1>
      <ErrorBox error={cs.error} />
      <ConnectorPicker connectors={cs.data ?? []} value={c} />
      {c && (
        <div class="two">
          <ImportPanel key={c} c={c} onDone={runs.reload} />
          <TestPanel key={`t-${c}`} c={c} />
        </div>
      )}
      <h2>History</h2>
      <ErrorBox error={runs.error} />
      {runs.data && (
        <table class="list">
          <Head cols={['Started', 'Kind', 'Result', 'Duration', 'Objects']} />
          <tbody>
            {runs.data.runs.map((r) => (
              <tr key={r.id}>
                <td>{when(r.at)}</td>
                <td>{r.kind}</td>
                <td>
                  <span class={`badge ${r.status === 'success' ? 'good' : 'bad'}`}>{r.status}</span>{' '}
                  {typeof r.error === 'string' ? r.error : (r.error?.message ?? '')}
                </td>
                <td>{duration(r.durationMs)}</td>
                <td>
                  {(r.objectTypes ?? []).map((t) => (
                    <div key={t.objectType}>
                      {t.objectType}: {t.counts ?? '—'}
                    </div>
                  ))}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {runs.data?.runs.length === 0 && <p class="muted">No runs yet.</p>}
    </>
  );
}

/** One object type's bar: of the space's size before the run when known; full once the run is over. */
function TypeBar({ p, estimate, running }: { p: TypeProgress; estimate?: number; running: boolean }) {
  const max = estimate && estimate >= p.objects ? estimate : running ? undefined : Math.max(1, p.objects);
  return (
    <Progress
      label={`${p.objectType}: ${p.pages} pages, objects read`}
      value={running || !max ? p.objects : max}
      max={max}
      detail={estimate ? `${p.objects} of ${estimate}` : String(p.objects)}
    />
  );
}
