// The connector space: search by anchor or an indexed attribute, page through, open an object with its history.
import { useState } from 'preact/hooks';
import { get, query } from '../api.ts';
import { ConnectorPicker, useConnectors } from '../components/connector-picker.tsx';
import { ErrorBox } from '../components/error-box.tsx';
import { Head } from '../components/head.tsx';
import { useLoad } from '../components/use-load.ts';
import { when } from '../format.ts';
import { type Route, setQuery } from '../router.ts';
import { LogTable, type LogRecord } from './logs.tsx';

/** An object of the space. */
interface SpaceObject {
  anchor: string;
  dn: string;
  version?: string | number;
  created?: string;
  modified?: string;
  attributes: Record<string, unknown>;
}

function show(v: unknown): string {
  return typeof v === 'string' ? v : JSON.stringify(v);
}

function ObjectDetail({ base, anchor }: { base: string; anchor: string }) {
  const d = useLoad(
    () => get<{ object: SpaceObject; log: LogRecord[] }>(`${base}/${encodeURIComponent(anchor)}`),
    [base, anchor],
  );
  return (
    <section class="card detail" aria-labelledby="obj-title">
      <div class="page-head">
        <h2 id="obj-title">Object {anchor}</h2>
        <button type="button" class="secondary" onClick={() => setQuery({ o: undefined })}>
          Close
        </button>
      </div>
      <ErrorBox error={d.error} />
      {d.data && (
        <>
          <dl class="facts">
            <dt>DN</dt>
            <dd>
              <code>{d.data.object.dn}</code>
            </dd>
            <dt>Version</dt>
            <dd>{String(d.data.object.version ?? '—')}</dd>
            <dt>Imported or created</dt>
            <dd>{when(d.data.object.created)}</dd>
            <dt>Last changed</dt>
            <dd>{when(d.data.object.modified)}</dd>
          </dl>
          <h3>Attributes</h3>
          <table>
            <tbody>
              {Object.entries(d.data.object.attributes).map(([k, v]) => (
                <tr key={k}>
                  <th scope="row">{k}</th>
                  <td>{show(v)}</td>
                </tr>
              ))}
            </tbody>
          </table>
          <h3>Provisioning-log history</h3>
          {d.data.log.length ? <LogTable records={d.data.log} /> : <p class="muted">No entries.</p>}
        </>
      )}
    </section>
  );
}

/** The Connector space page. */
export function SpacePage({ route }: { route: Route }) {
  const cs = useConnectors();
  const list = cs.data ?? [];
  const c = route.query.get('c') || list[0]?.name || '';
  const types = list.find((x) => x.name === c)?.objectTypes ?? [];
  const t = route.query.get('t') || types[0]?.name || '';
  const attribute = route.query.get('attribute') ?? '';
  const value = route.query.get('value') ?? '';
  const prefix = route.query.get('prefix') ?? '';
  const [pages, setPages] = useState<string[]>([]);
  const after = pages[pages.length - 1];
  const base = `/connectors/${encodeURIComponent(c)}/space/${encodeURIComponent(t)}`;
  const d = useLoad(
    () =>
      c && t
        ? get<{ objects: SpaceObject[]; next?: string }>(
            base +
              query({
                attribute: attribute && value ? attribute : undefined,
                value: attribute ? value : undefined,
                prefix,
                after,
                limit: 25,
              }),
          )
        : Promise.resolve(undefined),
    [base, attribute, value, prefix, after],
  );
  const [form, setForm] = useState({ attribute, value, prefix });
  const search = (e: Event) => {
    e.preventDefault();
    setPages([]);
    setQuery({ attribute: form.attribute, value: form.value, prefix: form.prefix, o: undefined });
  };
  const open = route.query.get('o');
  return (
    <>
      <h1>Connector space</h1>
      <ErrorBox error={cs.error} />
      <form class="filters" onSubmit={search} aria-label="Search the connector space">
        <ConnectorPicker connectors={list} value={c} />
        <div class="field inline">
          <label for="space-type">Object type</label>
          <select id="space-type" value={t} onChange={(e) => setQuery({ t: e.currentTarget.value })}>
            {types.map((x) => (
              <option key={x.name} value={x.name}>
                {x.name} ({x.objects})
              </option>
            ))}
          </select>
        </div>
        <div class="field inline">
          <label for="space-prefix">Anchor starts with</label>
          <input
            id="space-prefix"
            value={form.prefix}
            onInput={(e) => setForm({ ...form, prefix: e.currentTarget.value })}
          />
        </div>
        <div class="field inline">
          <label for="space-attr">Attribute</label>
          <input
            id="space-attr"
            value={form.attribute}
            placeholder="e.g. userName"
            onInput={(e) => setForm({ ...form, attribute: e.currentTarget.value })}
          />
        </div>
        <div class="field inline">
          <label for="space-value">equals</label>
          <input
            id="space-value"
            value={form.value}
            onInput={(e) => setForm({ ...form, value: e.currentTarget.value })}
          />
        </div>
        <button type="submit">Search</button>
      </form>
      <ErrorBox error={d.error} />
      {d.data && (
        <>
          <table class="list">
            <caption class="visually-hidden">Objects</caption>
            <Head cols={['Anchor', 'DN', 'Last changed']} />
            <tbody>
              {d.data.objects.map((o) => (
                <tr key={o.anchor}>
                  <td>
                    <a
                      href={`#/space?${new URLSearchParams({ ...Object.fromEntries(route.query), c, t, o: o.anchor })}`}
                    >
                      {o.anchor}
                    </a>
                  </td>
                  <td>
                    <code>{o.dn}</code>
                  </td>
                  <td>{when(o.modified)}</td>
                </tr>
              ))}
            </tbody>
          </table>
          {d.data.objects.length === 0 && <p class="muted">No object matches.</p>}
          <div class="actions">
            <button
              type="button"
              class="secondary"
              disabled={pages.length === 0}
              onClick={() => setPages(pages.slice(0, -1))}
            >
              Previous page
            </button>
            <span class="muted">Page {pages.length + 1}</span>
            <button
              type="button"
              class="secondary"
              disabled={!d.data.next}
              onClick={() => setPages([...pages, d.data!.next!])}
            >
              Next page
            </button>
          </div>
        </>
      )}
      {open && <ObjectDetail base={base} anchor={open} />}
    </>
  );
}
