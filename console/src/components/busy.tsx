// Progress of a long operation: a determinate bar when the total is known, a moving one otherwise.

/** A labelled progress bar. */
export function Progress({ label, value, max }: { label: string; value?: number; max?: number }) {
  return (
    <div class="progress">
      <label>
        {label}
        {value !== undefined && max ? ` (${value} of ${max})` : value !== undefined ? ` (${value})` : ''}
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
