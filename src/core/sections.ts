import { isProgressField, parseMetricName } from './names';
import type { MetricName, Section } from './types';

/** Diagnostics groups a reader looks at first (policy, value function, lengths), in this order. */
const FIRST_GROUPS = ['actor', 'critic', 'response_length'];
/** Throughput and timing: useful, but least about learning, so last. */
const LAST_GROUPS = ['perf', 'timing_s', 'timing_per_token_ms'];

/** Natural order: mean@4 before mean@16, case-insensitive. */
const collator = new Intl.Collator('en', { numeric: true, sensitivity: 'base' });

function compareText(a: string, b: string): number {
  // Fall back to code points so names differing only in case still sort the same way every time.
  return collator.compare(a, b) || (a < b ? -1 : a > b ? 1 : 0);
}

function groupRank(group: string): number {
  const first = FIRST_GROUPS.indexOf(group);
  if (first >= 0) return first;
  const last = LAST_GROUPS.indexOf(group);
  return last >= 0 ? FIRST_GROUPS.length + 1 + last : FIRST_GROUPS.length;
}

function compareSections(a: Section, b: Section): number {
  if (a.kind !== b.kind) return a.kind === 'benchmark' ? -1 : 1;
  if (a.kind === 'diagnostic') {
    const byRank = groupRank(a.title) - groupRank(b.title);
    if (byRank !== 0) return byRank;
  }
  return compareText(a.title, b.title);
}

function compareMetrics(a: MetricName, b: MetricName): number {
  return (
    compareText(a.metric, b.metric) || compareText(a.statistic ?? '', b.statistic ?? '') || compareText(a.full, b.full)
  );
}

/**
 * Groups metric names into chart sections: benchmarks first (A–Z), then diagnostics groups (actor,
 * critic, response_length, the rest A–Z, timing last). Within a section, by metric then statistic.
 * Progress fields (epoch, total_steps, …) get no chart: they are x axes.
 */
export function groupCharts(metricNames: Iterable<string>, patterns?: readonly string[]): Section[] {
  const sections = new Map<
    string,
    { title: string; kind: Section['kind']; metrics: { full: string; parsed: MetricName }[] }
  >();
  const seen = new Set<string>();
  for (const full of metricNames) {
    // Callers may pass the names of several runs concatenated: one chart per name.
    if (seen.has(full) || isProgressField(full)) continue;
    seen.add(full);
    const parsed = parseMetricName(full, patterns);
    const key = `${parsed.kind}:${parsed.group}`;
    let section = sections.get(key);
    if (!section) {
      section = { title: parsed.group, kind: parsed.kind, metrics: [] };
      sections.set(key, section);
    }
    section.metrics.push({ full, parsed });
  }
  const result = [...sections.values()];
  for (const section of result) section.metrics.sort((a, b) => compareMetrics(a.parsed, b.parsed));
  return result.sort(compareSections);
}
