// The connector (and object type) a page works on, kept in the page's query so a link or reload keeps it.
import { get } from '../api.ts';
import { setQuery } from '../router.ts';
import { useLoad } from './use-load.ts';

/** A connector of GET /status. */
export interface StatusConnector {
  name: string;
  kind: string;
  objectTypes: { name: string; endpoint: string; objects: number }[];
  import?: { running?: boolean };
}

/** The connectors the host runs. */
export function useConnectors() {
  return useLoad(() => get<{ connectors: StatusConnector[] }>('/status').then((s) => s.connectors), []);
}

/** A labelled select of the connectors; `param` is the query key it sets. */
export function ConnectorPicker({
  connectors,
  value,
  param = 'c',
  any,
}: {
  connectors: StatusConnector[];
  value: string;
  param?: string;
  any?: boolean;
}) {
  return (
    <div class="field inline">
      <label for={`pick-${param}`}>Connector</label>
      <select id={`pick-${param}`} value={value} onChange={(e) => setQuery({ [param]: e.currentTarget.value })}>
        {any && <option value="">(all)</option>}
        {connectors.map((c) => (
          <option key={c.name} value={c.name}>
            {c.name}
          </option>
        ))}
      </select>
    </div>
  );
}
