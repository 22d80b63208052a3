/**
 * The sidebar's model: every run in the workspace, indexed by benchmark, by method and by diagnostics
 * group. Pure data, so the tree provider stays a thin adapter.
 */
import { best, lastFinite } from './stats';
import { groupCharts } from './sections';
import { goalOf, type Goal } from './summary';
import { groupRuns } from './groups';
import type { Point, SeriesColumns } from './types';

export interface CatalogRun {
  /** Unique in the workspace: the file and the run within it. */
  readonly key: string;
  readonly label: string;
  /** The log the run was read from (a URI string for the host). */
  readonly file: string;
  readonly method?: string;
  readonly metrics: ReadonlyMap<string, SeriesColumns>;
}

/** One run's standing on one metric: what the tree's tooltip tells. */
export interface RunStanding {
  readonly run: CatalogRun;
  readonly last?: Point;
  readonly best?: Point;
}

export interface CatalogMetric {
  readonly full: string;
  /** The name within its section: metric, then statistic (`acc/mean@4`). */
  readonly title: string;
  readonly better: Goal;
  readonly runs: readonly RunStanding[];
}

export interface CatalogSection {
  readonly title: string;
  readonly kind: 'benchmark' | 'diagnostic';
  readonly metrics: readonly CatalogMetric[];
  /** Runs that logged any metric of the section, in catalog order. */
  readonly runs: readonly CatalogRun[];
}

export interface CatalogMethod {
  readonly name: string;
  /** Several when the lines named a method, or the runs are seeds of one (`grpo-seed1`, `grpo-seed2`). */
  readonly runs: readonly CatalogRun[];
}

export interface Catalog {
  readonly benchmarks: readonly CatalogSection[];
  readonly diagnostics: readonly CatalogSection[];
  readonly methods: readonly CatalogMethod[];
}

/** One collator for every comparison: `localeCompare` with options builds one per call (10k labels: 600 ms). */
const labels = new Intl.Collator('en', { numeric: true });
const byLabel = (a: CatalogRun, b: CatalogRun) => labels.compare(a.label, b.label);

export function buildCatalog(runs: readonly CatalogRun[], patterns?: readonly string[]): Catalog {
  const ordered = [...runs].sort(byLabel);
  // Which runs log each metric, in catalog order: one pass over the runs' own metrics, rather than a
  // look-up of every metric in every run (3k runs × 10 metrics each took 2.8 s).
  const loggedBy = new Map<string, { run: CatalogRun; column: SeriesColumns }[]>();
  for (const run of ordered) {
    for (const [name, column] of run.metrics) {
      if (column.length === 0) continue;
      let list = loggedBy.get(name);
      if (!list) loggedBy.set(name, (list = []));
      list.push({ run, column });
    }
  }
  const place = new Map(ordered.map((run, i) => [run, i]));
  const names = new Set<string>();
  for (const run of ordered) for (const name of run.metrics.keys()) names.add(name);
  const benchmarks: CatalogSection[] = [];
  const diagnostics: CatalogSection[] = [];
  for (const section of groupCharts(names, patterns)) {
    const sectionRuns = new Set<CatalogRun>();
    const metrics = section.metrics.map(({ full, parsed }): CatalogMetric => {
      const better = goalOf(full);
      const standings: RunStanding[] = [];
      for (const { run, column } of loggedBy.get(full) ?? []) {
        sectionRuns.add(run);
        standings.push({ run, last: lastFinite(column), best: best(column, better) });
      }
      const title = parsed.statistic ? `${parsed.metric}/${parsed.statistic}` : parsed.metric;
      return { full, title, better, runs: standings };
    });
    const entry = {
      title: section.title,
      kind: section.kind,
      metrics,
      // In catalog order: sorting the section's own runs costs what the section holds, not every run.
      runs: [...sectionRuns].sort((a, b) => place.get(a)! - place.get(b)!),
    };
    (section.kind === 'benchmark' ? benchmarks : diagnostics).push(entry);
  }
  // The seeds of a method are one method, as the charts' seed groups draw them.
  const methods = groupRuns(ordered, (run) => ({ name: run.label, method: run.method }));
  return { benchmarks, diagnostics, methods: methods.map((group) => ({ name: group.name, runs: group.members })) };
}
