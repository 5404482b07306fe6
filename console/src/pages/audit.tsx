// The audit log: every change made through the admin API or the console, who made it and what it changed.
import { get, query } from '../api.ts';
import { ErrorBox } from '../components/error-box.tsx';
import { Head } from '../components/head.tsx';
import { Filter, Pager, usePaging } from '../components/filters.tsx';
import { useLoad } from '../components/use-load.ts';
import { changes } from '../changes.ts';
import { when } from '../format.ts';
import { type Route, setQuery } from '../router.ts';
import type { AuditRecord as StoredAuditRecord } from '../../../src/space/audit-store.ts';

/** One audit record as the host stores and serves it (secrets already masked), with its id. */
type AuditRecord = StoredAuditRecord & { id: number };

const FILTERS = ['role', 'route', 'object', 'result'] as const;

function Change({ r }: { r: AuditRecord }) {
  if (r.before === undefined && r.after === undefined) return null;
  const diff = changes(r.before, r.after);
  return (
    <details>
      <summary>
        Before and after ({diff.length} change{diff.length === 1 ? '' : 's'})
      </summary>
      <ul class="changes">
        {diff.slice(0, 50).map((d) => (
          <li key={d}>
            <code>{d}</code>
          </li>
        ))}
      </ul>
      <div class="two">
        <div>
          <h3>Before</h3>
          <pre>{JSON.stringify(r.before ?? null, null, 2)}</pre>
        </div>
        <div>
          <h3>After</h3>
          <pre>{JSON.stringify(r.after ?? null, null, 2)}</pre>
        </div>
      </div>
    </details>
  );
}

/** The Audit log page. */
export function AuditPage({ route }: { route: Route }) {
  const f = Object.fromEntries(FILTERS.map((k) => [k, route.query.get(k) ?? '']));
  const paging = usePaging();
  const d = useLoad(
    () => get<{ records: AuditRecord[] }>(`/audit${query({ ...f, limit: 50, before: paging.before })}`),
    [route.query.toString(), paging.before],
  );
  const records = d.data?.records ?? [];
  const set = (k: string, v: string) => {
    paging.reset();
    setQuery({ [k]: v });
  };
  return (
    <>
      <h1>Audit log</h1>
      <form class="filters" aria-label="Filter the audit log" onSubmit={(e) => e.preventDefault()}>
        <Filter
          id="audit-role"
          label="Role"
          value={f.role!}
          onChange={(v) => set('role', v)}
          options={['admin', 'readonly']}
        />
        <Filter
          id="audit-result"
          label="Result"
          value={f.result!}
          onChange={(v) => set('result', v)}
          options={['success', 'failure']}
        />
        <Filter id="audit-route" label="Route" value={f.route!} onChange={(v) => set('route', v)} />
        <Filter id="audit-object" label="Object" value={f.object!} onChange={(v) => set('object', v)} />
      </form>
      <ErrorBox error={d.error} />
      {d.data && records.length === 0 && <p class="muted">No change recorded yet.</p>}
      {records.length > 0 && (
        <table class="list">
          <Head cols={['Time', 'Who', 'What', 'Result']} />
          <tbody>
            {records.map((r) => (
              <tr key={r.id}>
                <td>{when(r.time)}</td>
                <td>
                  {r.role} <code>{r.actor}</code> {r.address ?? ''}{' '}
                  {r.via ? `via ${r.via === 'admin' ? 'the admin API' : 'the console'}` : ''}
                </td>
                <td>
                  <code>
                    {r.method} {r.route}
                  </code>{' '}
                  {r.object ?? ''}
                  <Change r={r} />
                </td>
                <td>
                  <span class={`badge ${r.result === 'success' ? 'good' : 'bad'}`}>
                    {r.result} ({r.status})
                  </span>{' '}
                  {r.error ?? ''}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <Pager paging={paging} ids={records.map((r) => r.id)} size={50} />
    </>
  );
}
