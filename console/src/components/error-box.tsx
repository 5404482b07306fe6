// Shows a failure as the API said it: its words, its recommendation and its problems (with file:line).
import { ApiError, type Problem } from '../api.ts';

/** Where a problem is: file:line:column and the settings path. */
export function problemPlace(p: Problem): string {
  const at = p.file ? `${p.file}${p.line ? `:${p.line}${p.column ? `:${p.column}` : ''}` : ''}` : '';
  return [at, p.path].filter(Boolean).join(' ');
}

/** The list of problems of a validation or reload failure. */
export function ProblemList({ problems }: { problems: Problem[] }) {
  return (
    <ul class="problems">
      {problems.map((p, i) => (
        <li key={i}>
          {problemPlace(p) && <code>{problemPlace(p)}</code>} {p.message}
        </li>
      ))}
    </ul>
  );
}

/** An error box (role=alert so a screen reader says it); nothing when there is no error. */
export function ErrorBox({ error }: { error: unknown }) {
  if (!error) return null;
  const body =
    error instanceof ApiError
      ? error.body
      : { error: error instanceof Error ? error.message : String(error), recommendation: undefined, problems: [] };
  return (
    <div class="error" role="alert">
      <strong>{body.error}</strong>
      {error instanceof ApiError && error.status > 0 && <span class="muted"> (HTTP {error.status})</span>}
      {body.recommendation && <p class="recommendation">{body.recommendation}</p>}
      {body.problems && body.problems.length > 0 && <ProblemList problems={body.problems} />}
    </div>
  );
}
