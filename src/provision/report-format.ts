// Text renderings for people: the step report of provision on demand (as Entra's page shows it) and the
// summary of a cycle. Reports are already redacted; nothing here sees a secret.
import type { CycleSummary } from './engine.ts';
import { entraErrorLabel } from './error-classification.ts';
import type { DetailValue, ProvisioningReport, ProvisioningStatus, ProvisioningStep } from './report.ts';

const MARK: Record<ProvisioningStatus, string> = { success: '[ok]     ', failure: '[failed] ', skipped: '[skipped]' };

/** The step report of one user. */
export function formatReport(r: ProvisioningReport, heading = 'Provision on demand'): string {
  const lines = [`${heading}: ${r.sourceId}${r.targetId ? ` → target object ${r.targetId}` : ''}`, ''];
  r.steps.forEach((s, i) => {
    lines.push(...formatStep(s, i + 1));
  });
  if (r.modifiedProperties.length > 0) {
    lines.push('', r.status === 'failure' ? 'Properties it tried to modify:' : 'Modified properties:');
    const width = Math.min(60, Math.max(...r.modifiedProperties.map((m) => m.name.length)));
    for (const m of r.modifiedProperties)
      lines.push(`  ${m.name.padEnd(width)}  ${show(m.oldValue)} → ${show(m.newValue)}`);
  }
  lines.push(
    '',
    `Result: ${r.action} — ${r.status}${r.reason ? ` (${r.reason})` : ''}${r.durationMs ? ` in ${r.durationMs} ms` : ''}`,
  );
  if (r.error)
    lines.push(
      `Error ${withEntraLabel(r.error.code)}: ${r.error.message}`,
      `Recommendation: ${r.error.recommendation}`,
    );
  return `${lines.join('\n')}\n`;
}

function formatStep(s: ProvisioningStep, n: number): string[] {
  const out = [
    `${MARK[s.status]} ${n}. ${s.title}${s.durationMs ? ` (${s.durationMs} ms)` : ''}`,
    `           ${s.description}`,
  ];
  const d = s.details;
  if (s.step === 'import' && d.attributes && typeof d.attributes === 'object' && !Array.isArray(d.attributes)) {
    for (const [k, v] of Object.entries(d.attributes)) if (v !== null) out.push(`             ${k}: ${show(v)}`);
  }
  if (s.step === 'scope' && Array.isArray(d.scopingFilters)) {
    for (const f of d.scopingFilters as {
      title: string;
      result: boolean;
      clauses: { attribute: string; operator: string; value: string | null; actual: string | null; result: boolean }[];
    }[]) {
      out.push(`             Scoping filter "${f.title}": ${f.result}`);
      for (const c of f.clauses)
        out.push(
          `               ${c.attribute} ${c.operator}${c.value !== null ? ` "${c.value}"` : ''} → ${c.result} (value: ${c.actual === null ? 'empty' : `"${c.actual}"`})`,
        );
    }
  }
  if (s.step === 'match' && Array.isArray(d.attempts)) {
    for (const a of d.attempts as { by: string; value?: string | null; filter?: string; found: number }[]) {
      out.push(
        `             ${a.by}${a.value !== undefined ? ` = ${a.value === null ? '(no value: not used)' : JSON.stringify(a.value)}` : ''}: ${a.found} found`,
      );
    }
  }
  if (Array.isArray(d.requests)) for (const q of d.requests) out.push(`             ${String(q)}`);
  return out;
}

/** The code, followed by Entra's name for it when Entra has one: `target_uniqueness (Entra: EntryConflict)`. */
function withEntraLabel(code: string): string {
  const label = entraErrorLabel(code);
  return label ? `${code} (Entra: ${label})` : code;
}

function show(v: DetailValue): string {
  if (v === null || v === undefined) return '(none)';
  return typeof v === 'string' ? v : JSON.stringify(v);
}

/** The summary of a cycle. */
export function formatCycleSummary(s: CycleSummary): string {
  const c = s.counts;
  const src = s.source;
  const lines = [
    `${s.kind === 'initial' ? 'Initial' : 'Incremental'} cycle ${s.cycleId} — ${s.status} in ${(s.durationMs / 1000).toFixed(1)} s (${src.description}, ${src.users} users)`,
    `  processed ${src.processed} · unchanged ${src.unchanged} · waiting in escrow ${src.waitingInEscrow} · deleted in source ${src.deletedInSource}`,
    `  created ${c.created} · updated ${c.updated} · disabled ${c.disabled} · deleted ${c.deleted} · skipped ${c.skipped} · failed ${c.failed}${c.staged ? ` · staged ${c.staged}` : ''}`,
    `  disables and deletes: ${s.deprovisions.count}${s.deprovisions.threshold !== null ? ` (threshold ${s.deprovisions.threshold})` : ''}`,
    s.message,
  ];
  if (s.failures.length) {
    lines.push('Failures:');
    for (const f of s.failures) lines.push(`  ${f.sourceId}: ${f.action} ${withEntraLabel(f.code)}: ${f.message}`);
  }
  return `${lines.join('\n')}\n`;
}
