// The filters of a list page (log, audit): each one labelled, kept in the page's query, with newest-first paging
// by the id of the last record shown.
import { useState } from 'preact/hooks';

/** A select of `options` (first "(all)") or, without options, a text input (a date and time one with `when`). */
export function Filter(p: {
  id: string;
  label: string;
  value: string;
  onChange: (v: string) => void;
  options?: string[];
  when?: boolean;
}) {
  return (
    <div class="field inline">
      <label for={p.id}>{p.label}</label>
      {p.options ? (
        <select id={p.id} value={p.value} onChange={(e) => p.onChange(e.currentTarget.value)}>
          <option value="">(all)</option>
          {p.options.map((o) => (
            <option key={o}>{o}</option>
          ))}
        </select>
      ) : p.when ? (
        <input id={p.id} type="datetime-local" value={p.value} onChange={(e) => p.onChange(e.currentTarget.value)} />
      ) : (
        <input id={p.id} type="text" value={p.value} onChange={(e) => p.onChange(e.currentTarget.value)} />
      )}
    </div>
  );
}

/** Newest-first paging: the ids the pages shown so far ended at. */
export function usePaging() {
  const [stack, setStack] = useState<number[]>([]);
  return {
    before: stack[stack.length - 1],
    stack,
    reset: () => setStack([]),
    newer: () => setStack(stack.slice(0, -1)),
    older: (lastId: number) => setStack([...stack, lastId]),
  };
}

/** Newer and Older buttons; Older only when the page was full. */
export function Pager({ paging, ids, size }: { paging: ReturnType<typeof usePaging>; ids: number[]; size: number }) {
  return (
    <div class="actions">
      <button type="button" class="secondary" disabled={!paging.stack.length} onClick={paging.newer}>
        Newer
      </button>
      <button
        type="button"
        class="secondary"
        disabled={ids.length < size}
        onClick={() => paging.older(ids[ids.length - 1]!)}
      >
        Older
      </button>
    </div>
  );
}
