// A value shown once to be pasted elsewhere (a tenant URL, a new token): read-only, selectable, with a copy button.

/** A labelled read-only field with a Copy button. */
export function CopyField({ id, label, value, what }: { id: string; label: string; value: string; what: string }) {
  return (
    <div class="field">
      <label for={id}>{label}</label>
      <div class="pair">
        <input id={id} class="token" readOnly value={value} onFocus={(e) => e.currentTarget.select()} />
        <button type="button" class="secondary" onClick={() => void navigator.clipboard?.writeText(value)}>
          Copy {what}
        </button>
      </div>
    </div>
  );
}
