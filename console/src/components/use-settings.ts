// The draft of a connector's settings, checked as it is typed: at once against the JSON Schema in the browser,
// and shortly after against the host's own checks (the same as `ferry validate`) when the role may ask.
import { useEffect, useMemo, useState } from 'preact/hooks';
import { api, get, type Problem } from '../api.ts';
import { type JsonSchema, type Problems, connectorSchema, connectorValidator, pointerOf } from '../schema.ts';

let schemaOnce: Promise<JsonSchema> | undefined;

/** The host's JSON Schema of ferry.yaml, fetched once per page load. */
export function loadSchema(): Promise<JsonSchema> {
  schemaOnce ??= get<JsonSchema>('/config/schema').catch((e: unknown) => {
    schemaOnce = undefined;
    throw e;
  });
  return schemaOnce;
}

/** Adds the host's problems (paths like connectors[0].x) to the browser's. */
export function mergeProblems(local: Problems, server: Problem[]): Problems {
  const out: Problems = new Map(local);
  for (const p of server) {
    const at = p.path ? pointerOf(p.path) : '';
    const words = p.line ? `${p.message} (line ${p.line})` : p.message;
    if (!out.get(at)?.includes(words)) out.set(at, [...(out.get(at) ?? []), words]);
  }
  return out;
}

/** What the editor pages use. */
export interface SettingsDraft {
  schema: JsonSchema;
  draft: Record<string, unknown>;
  setDraft: (v: Record<string, unknown>) => void;
  problems: Problems;
  dirty: boolean;
}

/**
 * Tracks a draft against `initial`. `serverCheck` (a path under the API) validates on the host after a pause;
 * `fill` adds what the browser must not ask for (a new connector's token) before the schema check.
 */
export function useSettings(
  root: JsonSchema,
  initial: Record<string, unknown>,
  opts: { serverCheck?: string; fill?: Record<string, unknown> } = {},
): SettingsDraft {
  const [draft, setDraft] = useState(initial);
  const [server, setServer] = useState<Problem[]>([]);
  const validate = useMemo(() => connectorValidator(root), [root]);
  const local = useMemo(() => validate({ ...opts.fill, ...draft }), [validate, draft, opts.fill]);
  useEffect(() => setDraft(initial), [initial]);
  useEffect(() => {
    if (!opts.serverCheck || local.size > 0) return setServer([]);
    const t = setTimeout(() => {
      api<{ ok: boolean; problems: Problem[] }>('POST', opts.serverCheck!, { connector: draft }).then(
        (r) => setServer(r.problems ?? []),
        // The host's check is a second opinion: when it cannot answer, the schema's check still stands.
        () => setServer([]),
      );
    }, 400);
    return () => clearTimeout(t);
  }, [draft, local, opts.serverCheck]);
  return {
    schema: connectorSchema(root),
    draft,
    setDraft,
    problems: mergeProblems(local, server),
    dirty: JSON.stringify(draft) !== JSON.stringify(initial),
  };
}
