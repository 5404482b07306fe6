// A form drawn from the JSON Schema: each value gets a labelled input of its type, its description as help, and
// the problems found at its place. Objects become fieldsets, arrays lists with add and remove.
import type { JSX } from 'preact';
import type { JsonSchema, Problems } from '../schema.ts';

type Value = unknown;

/** What every field gets. */
interface FieldProps {
  name: string;
  schema: JsonSchema;
  value: Value;
  onChange: (v: Value) => void;
  /** JSON pointer of this value, for ids and problems. */
  at: string;
  problems: Problems;
  disabled: boolean;
}

const idOf = (at: string) => `f${at.replace(/[^A-Za-z0-9_-]/g, '-')}`;

function typeOf(s: JsonSchema): string {
  if (Array.isArray(s.type)) return 'scalar';
  if (s.enum) return 'enum';
  if (s.type === 'object' && s.patternProperties && !s.properties) return 'map';
  return s.type ?? 'string';
}

/** Words found at a pointer, announced with the field. */
function FieldProblems({ at, problems }: { at: string; problems: Problems }) {
  const list = problems.get(at);
  if (!list?.length) return null;
  return (
    <span class="field-problem" id={`${idOf(at)}-problem`} role="alert">
      {list.join('; ')}
    </span>
  );
}

/** One value of any type. */
export function SchemaField(p: FieldProps) {
  const t = typeOf(p.schema);
  if (t === 'object') return <ObjectField {...p} />;
  if (t === 'map') return <MapField {...p} />;
  if (t === 'array') return p.schema.items?.type === 'object' ? <ListField {...p} /> : <WordsField {...p} />;
  return <ScalarField {...p} type={t} />;
}

function ScalarField(p: FieldProps & { type: string }) {
  const id = idOf(p.at);
  const invalid = p.problems.has(p.at);
  const common = {
    id,
    disabled: p.disabled,
    'aria-invalid': invalid || undefined,
    'aria-describedby': `${id}-help${invalid ? ` ${id}-problem` : ''}`,
  };
  let input: JSX.Element;
  if (p.type === 'boolean') {
    const checked = p.value === undefined ? p.schema.default === true : p.value === true;
    input = (
      <input type="checkbox" {...common} checked={checked} onChange={(e) => p.onChange(e.currentTarget.checked)} />
    );
  } else if (p.type === 'enum') {
    input = (
      <select
        {...common}
        value={p.value === undefined ? '' : String(p.value)}
        onChange={(e) => p.onChange(e.currentTarget.value || undefined)}
      >
        <option value="">
          {p.schema.default !== undefined ? `(default: ${String(p.schema.default)})` : '(not set)'}
        </option>
        {p.schema.enum!.map((v) => (
          <option key={String(v)} value={String(v)}>
            {String(v)}
          </option>
        ))}
      </select>
    );
  } else {
    const numeric = p.type === 'integer' || p.type === 'number';
    input = (
      <input
        type="text"
        inputMode={numeric ? 'numeric' : undefined}
        {...common}
        value={p.value === undefined ? '' : String(p.value)}
        placeholder={p.schema.default !== undefined ? String(p.schema.default) : ''}
        onInput={(e) => {
          const s = e.currentTarget.value;
          if (s === '') return p.onChange(undefined);
          // A number that does not parse stays text, so the schema says what is wrong with it.
          p.onChange(numeric && s.trim() !== '' && !Number.isNaN(Number(s)) ? Number(s) : s);
        }}
      />
    );
  }
  return (
    <div class={`field${p.type === 'boolean' ? ' check' : ''}`}>
      <label for={id}>{p.name}</label>
      {input}
      <small id={`${id}-help`} class="help">
        {p.schema.description}
      </small>
      <FieldProblems at={p.at} problems={p.problems} />
    </div>
  );
}

/** A list of words (attribute names): one input, separated by commas. */
function WordsField(p: FieldProps) {
  const id = idOf(p.at);
  const list = Array.isArray(p.value) ? (p.value as unknown[]).map(String) : [];
  return (
    <div class="field">
      <label for={id}>{p.name}</label>
      <textarea
        id={id}
        rows={Math.min(6, Math.max(2, Math.ceil(list.join(', ').length / 60)))}
        disabled={p.disabled}
        aria-describedby={`${id}-help`}
        value={list.join(', ')}
        onInput={(e) => {
          const words = e.currentTarget.value
            .split(/[,\s]+/)
            .map((w) => w.trim())
            .filter(Boolean);
          p.onChange(words.length || p.value !== undefined ? words : undefined);
        }}
      />
      <small id={`${id}-help`} class="help">
        {p.schema.description} (separated by commas)
      </small>
      <FieldProblems at={p.at} problems={p.problems} />
      {Object.keys(Object.fromEntries(p.problems))
        .filter((k) => k.startsWith(`${p.at}/`))
        .map((k) => (
          <FieldProblems key={k} at={k} problems={p.problems} />
        ))}
    </div>
  );
}

/** Removes undefined members, so an emptied field leaves the YAML entry. */
function without(o: Record<string, Value>, key: string, v: Value): Record<string, Value> {
  const next = { ...o };
  if (v === undefined) delete next[key];
  else next[key] = v;
  return next;
}

/** An object: a fieldset of its properties (or only `keys`). */
export function ObjectField(p: FieldProps & { keys?: string[]; legend?: boolean }) {
  const o = (p.value ?? {}) as Record<string, Value>;
  const keys = p.keys ?? Object.keys(p.schema.properties ?? {});
  const body = keys.map((k) => (
    <SchemaField
      key={k}
      name={k}
      schema={p.schema.properties?.[k] ?? {}}
      value={o[k]}
      at={`${p.at}/${k}`}
      problems={p.problems}
      disabled={p.disabled}
      onChange={(v) => {
        const next = without(o, k, v);
        p.onChange(Object.keys(next).length || p.value !== undefined ? next : undefined);
      }}
    />
  ));
  if (p.legend === false) return <>{body}</>;
  return (
    <fieldset>
      <legend>{p.name}</legend>
      {p.schema.description && <p class="help">{p.schema.description}</p>}
      <FieldProblems at={p.at} problems={p.problems} />
      {body}
    </fieldset>
  );
}

/** An object of free keys (parameters, mapping): rows of name and value. */
function MapField(p: FieldProps) {
  const o = (p.value ?? {}) as Record<string, Value>;
  const entries = Object.entries(o);
  const valueSchema = Object.values(p.schema.patternProperties ?? {})[0] ?? {};
  const set = (list: [string, Value][]) => p.onChange(Object.fromEntries(list));
  return (
    <fieldset>
      <legend>{p.name}</legend>
      {p.schema.description && <p class="help">{p.schema.description}</p>}
      {entries.length === 0 && <p class="muted">None.</p>}
      {entries.map(([k, v], i) => (
        <div class="pair" key={i}>
          <div class="field">
            <label for={`${idOf(p.at)}-k${i}`}>Name {i + 1}</label>
            <input
              id={`${idOf(p.at)}-k${i}`}
              type="text"
              value={k}
              disabled={p.disabled}
              onInput={(e) => set(entries.map((x, j) => (j === i ? [e.currentTarget.value, x[1]] : x)))}
            />
          </div>
          <div class="field">
            <label for={`${idOf(p.at)}-v${i}`}>Value of {k || `name ${i + 1}`}</label>
            <input
              id={`${idOf(p.at)}-v${i}`}
              type="text"
              value={v === undefined ? '' : String(v)}
              disabled={p.disabled}
              onInput={(e) => set(entries.map((x, j) => (j === i ? [x[0], e.currentTarget.value] : x)))}
            />
            <FieldProblems at={`${p.at}/${k}`} problems={p.problems} />
          </div>
          <button
            type="button"
            class="secondary"
            disabled={p.disabled}
            onClick={() => set(entries.filter((_, j) => j !== i))}
          >
            Remove {k || `name ${i + 1}`}
          </button>
        </div>
      ))}
      <button
        type="button"
        class="secondary"
        disabled={p.disabled}
        onClick={() => set([...entries, [`name${entries.length + 1}`, valueSchema.type === 'string' ? '' : '']])}
      >
        Add to {p.name}
      </button>
      <FieldProblems at={p.at} problems={p.problems} />
    </fieldset>
  );
}

/** A list of objects (partitions, run profiles): one fieldset per item. */
function ListField(p: FieldProps) {
  const list = Array.isArray(p.value) ? (p.value as Value[]) : [];
  const item = p.schema.items ?? {};
  const blank = () => Object.fromEntries((item.required ?? []).map((k) => [k, '']));
  return (
    <fieldset>
      <legend>{p.name}</legend>
      {p.schema.description && <p class="help">{p.schema.description}</p>}
      <FieldProblems at={p.at} problems={p.problems} />
      {list.map((v, i) => (
        <div class="item" key={i}>
          <ObjectField
            name={`${p.name} ${i + 1}`}
            schema={item}
            value={v}
            at={`${p.at}/${i}`}
            problems={p.problems}
            disabled={p.disabled}
            onChange={(nv) => p.onChange(list.map((x, j) => (j === i ? (nv ?? {}) : x)))}
          />
          <button
            type="button"
            class="secondary"
            disabled={p.disabled}
            onClick={() => p.onChange(list.filter((_, j) => j !== i))}
          >
            Remove {p.name} {i + 1}
          </button>
        </div>
      ))}
      <button type="button" class="secondary" disabled={p.disabled} onClick={() => p.onChange([...list, blank()])}>
        Add to {p.name}
      </button>
    </fieldset>
  );
}
