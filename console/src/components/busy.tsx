// Progress of a long operation: a determinate bar when the total is known, a moving one otherwise.

/** A labelled progress bar; `detail` follows the label in brackets (e.g. "40 of 42"). */
export function Progress({
  label,
  value,
  max,
  detail,
}: {
  label: string;
  value?: number;
  max?: number;
  detail?: string;
}) {
  return (
    <div class="progress">
      <label>
        {label}
        {detail ? ` (${detail})` : ''}
        <progress value={value !== undefined && max ? Math.min(value, max) : undefined} max={max || undefined} />
      </label>
    </div>
  );
}

/** "Loading…" while a page has no data yet. */
export function Loading({ what }: { what: string }) {
  return (
    <p class="muted" aria-live="polite">
      Loading {what}…
    </p>
  );
}
