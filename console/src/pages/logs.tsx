// The provisioning log: filters in the page's query, entries newest first, an entry's steps and error, and the
// filtered set as CSV or JSON.
import { useState } from 'preact/hooks';
import { apiUrl, get, query } from '../api.ts';
import { ConnectorPicker, useConnectors } from '../components/connector-picker.tsx';
import { ErrorBox } from '../components/error-box.tsx';
import { Head } from '../components/head.tsx';
import { Filter, Pager, usePaging } from '../components/filters.tsx';
import { useLoad } from '../components/use-load.ts';
import { duration, when } from '../format.ts';
import { type Route, setQuery } from '../router.ts';
import type { ProvisioningRecord } from '../../../src/space/log-store.ts';

/** One provisioning-log record as the host serves it, with its id. */
export type LogRecord = ProvisioningRecord & { id: number };

const ACTIONS = ['create', 'replace', 'update', 'delete', 'disable', 'get', 'query', 'import-full', 'import-delta'];
const FILTERS = ['connector', 'action', 'status', 'object', 'since', 'until'] as const;

/** An entry's steps, durations, error and recommendation. */
function Entry({ r }: { r: LogRecord }) {
  return (
    <div class="entry">
      <dl class="facts">
        <dt>Time</dt>
        <dd>{when(r.time)}</dd>
        <dt>Object</dt>
        <dd>
          {r.objectType} {r.object ?? ''}
        </dd>
        {r.requestId && (
          <>
            <dt>Request id</dt>
            <dd>
              <code>{r.requestId}</code>
            </dd>
          </>
        )}
      </dl>
      {r.error && (
        <div class="error">
          <strong>{r.error.message}</strong> <code>{r.error.code}</code>
          {r.error.recommendation && <p class="recommendation">{r.error.recommendation}</p>}
        </div>
      )}
      {r.steps && r.steps.length > 0 && (
        <table>
          <caption>Steps</caption>
          <Head cols={['Step', 'Duration', 'Detail']} />
          <tbody>
            {r.steps.map((s, i) => (
              <tr key={i}>
                <td>{s.name}</td>
                <td>{duration(s.durationMs)}</td>
                <td>{s.detail ?? ''}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}

/** A table of records; each row opens its entry. */
export function LogTable({ records }: { records: LogRecord[] }) {
  const [open, setOpen] = useState<number | undefined>(undefined);
  return (
    <table class="list log">
      <Head cols={['Time', 'Connector', 'Action', 'Object', 'Result', 'Duration']} />
      <tbody>
        {records.map((r) => [
          <tr key={r.id} class={r.status}>
            <td>
              <button
                type="button"
                class="link"
                aria-expanded={open === r.id}
                onClick={() => setOpen(open === r.id ? undefined : r.id)}
              >
                {when(r.time)}
              </button>
            </td>
            <td>{r.connector}</td>
            <td>{r.action}</td>
            <td>
              {r.objectType} {r.object ?? ''}
            </td>
            <td>
              <span class={`badge ${r.status === 'success' ? 'good' : r.status === 'failure' ? 'bad' : ''}`}>
                {r.status}
              </span>
            </td>
            <td>{duration(r.durationMs)}</td>
          </tr>,
          open === r.id && (
            <tr key={`${r.id}-d`} class="detail-row">
              <td colSpan={6}>
                <Entry r={r} />
              </td>
            </tr>
          ),
        ])}
      </tbody>
    </table>
  );
}

/** A datetime-local value as ISO, or undefined. */
function iso(local: string): string | undefined {
  if (!local) return undefined;
  const d = new Date(local);
  return Number.isNaN(d.getTime()) ? undefined : d.toISOString();
}

/** The Provisioning log page. */
export function LogsPage({ route }: { route: Route }) {
  const cs = useConnectors();
  const f = Object.fromEntries(FILTERS.map((k) => [k, route.query.get(k) ?? ''])) as Record<
    (typeof FILTERS)[number],
    string
  >;
  const paging = usePaging();
  const filters = { ...f, since: iso(f.since), until: iso(f.until) };
  const d = useLoad(
    () => get<{ records: LogRecord[] }>(`/logs${query({ ...filters, limit: 50, before: paging.before })}`),
    [route.query.toString(), paging.before],
  );
  const set = (k: string, v: string) => {
    paging.reset();
    setQuery({ [k]: v });
  };
  const records = d.data?.records ?? [];
  return (
    <>
      <h1>Provisioning log</h1>
      <form class="filters" aria-label="Filter the provisioning log" onSubmit={(e) => e.preventDefault()}>
        <ConnectorPicker connectors={cs.data ?? []} value={f.connector} param="connector" any />
        <Filter id="log-action" label="Action" value={f.action} onChange={(v) => set('action', v)} options={ACTIONS} />
        <Filter
          id="log-status"
          label="Result"
          value={f.status}
          onChange={(v) => set('status', v)}
          options={['success', 'failure', 'skipped']}
        />
        <Filter id="log-object" label="Object" value={f.object} onChange={(v) => set('object', v)} />
        <Filter id="log-since" label="From" when value={f.since} onChange={(v) => set('since', v)} />
        <Filter id="log-until" label="To" when value={f.until} onChange={(v) => set('until', v)} />
      </form>
      <p class="actions">
        <a class="button secondary" href={apiUrl(`/logs/export${query({ ...filters, format: 'csv' })}`)} download>
          Download CSV
        </a>
        <a class="button secondary" href={apiUrl(`/logs/export${query({ ...filters, format: 'json' })}`)} download>
          Download JSON
        </a>
      </p>
      <ErrorBox error={d.error} />
      {d.data && (records.length ? <LogTable records={records} /> : <p class="muted">No entry matches.</p>)}
      <Pager paging={paging} ids={records.map((r) => r.id)} size={50} />
    </>
  );
}
