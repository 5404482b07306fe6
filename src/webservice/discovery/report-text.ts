// The short report `ferry discover rest` prints after writing a project.
import type { DiscoveredService } from './discovered-service.ts';
import type { MergeReport } from './write-project.ts';

/** Lists shown in full up to this many names; longer ones are cut with a count. */
const MAX_NAMES = 12;

/** A few lines for a person: the project, the service, and which operations were added, updated, kept or removed. */
export function formatMergeReport(r: MergeReport, found: DiscoveredService): string {
  const lines: string[] = [];
  const what = r.created
    ? 'created'
    : r.serviceAdded
      ? `service "${r.service}" added`
      : `service "${r.service}" updated`;
  lines.push(
    `${r.file}: ${what}${r.created ? ` with service "${r.service}"` : ''}${found.baseUrl && (r.created || r.serviceAdded) ? ` (${found.baseUrl})` : ''}${found.source ? `, from ${found.source}` : ''}`,
  );
  if (r.kindSet) lines.push(`  kind set to ${r.kindSet}`);
  if (r.baseUrlAdded) lines.push(`  base URL set to ${r.baseUrlAdded}`);
  if (r.baseUrlIgnored) lines.push(`  base URL kept as written (the source says ${r.baseUrlIgnored})`);
  const list = (label: string, ids: string[], tail = ''): void => {
    if (!ids.length) return;
    const shown =
      ids.length > MAX_NAMES
        ? `${ids.slice(0, MAX_NAMES).join(', ')}, … (${ids.length - MAX_NAMES} more)`
        : ids.join(', ');
    lines.push(`  ${label} (${ids.length}): ${shown}${tail}`);
  };
  list('added', r.added);
  list('updated', r.updated);
  if (r.unchanged.length) lines.push(`  unchanged (${r.unchanged.length})`);
  const kept = r.missing.filter((id) => !r.removed.includes(id) && !r.keptInUse.includes(id));
  list('missing from the source, kept', kept, ' (--prune removes them)');
  list('removed', r.removed);
  list('missing from the source, kept because a flow calls them', r.keptInUse);
  if (!r.added.length && !r.updated.length && !r.removed.length) lines.push('  no operation changed');
  return `${lines.join('\n')}\n`;
}
