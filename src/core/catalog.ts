/**
 * The sidebar's model: every run in the workspace, indexed by benchmark, by method and by diagnostics
 * group. Pure data, so the tree provider stays a thin adapter.
 */
import { groupCharts } from './sections';
import { goalOf, type Goal } from './summary';
import { groupRuns } from './groups';
import type { MetricIndex } from './logIndex';
import type { Point } from './types';

export interface CatalogRun {
  /** Unique in the workspace: the file and the run within it. */
  readonly key: string;
  readonly label: string;
  /** The log the run was read from (a URI string for the host). */
  readonly file: string;
  readonly method?: string;
  /** What the sidebar keeps of each metric (logIndex.ts), not its points. */
  readonly metrics: ReadonlyMap<string, MetricIndex>;
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

/** Runs logging the same metrics, in the same order: their places in catalog order. */
interface Schema {
  readonly names: readonly string[];
  readonly places: number[];
}

/**
 * The runs grouped by the metrics they log. The runs of one trainer log the same metrics, and runs sorted
 * by label come log by log, so each run is compared with the schema of the run before it: the cost is a
 * pass over each run's names, with a look-up per metric of each schema rather than per (run, metric) pair.
 * (An index lists only metrics with points, see logIndex.ts: their objects are not touched here.)
 */
function schemasOf(ordered: readonly CatalogRun[]): Schema[] {
  const schemas: Schema[] = [];
  let last: Schema | undefined;
  ordered.forEach((run, place) => {
    if (last && run.metrics.size === last.names.length) {
      let i = 0;
      let same = true;
      for (const name of run.metrics.keys()) {
        if (name !== last.names[i++]) {
          same = false;
          break;
        }
      }
      if (same) {
        last.places.push(place);
        return;
      }
    }
    last = { names: [...run.metrics.keys()], places: [place] };
    schemas.push(last);
  });
  return schemas;
}

/**
 * The catalog of `runs`. The standings of a metric (an object per run) are made when the tree first shows
 * that metric, and a section's runs are gathered per schema (schemasOf), so 10k runs of 1k metrics each
 * list in about a second.
 */
export function buildCatalog(runs: readonly CatalogRun[], patterns?: readonly string[]): Catalog {
  const ordered = [...runs].sort(byLabel);
  const schemas = schemasOf(ordered);
  // Which schemas log each metric, in catalog order (3k runs × 10 metrics each took 2.8 s when every
  // metric was looked up in every run).
  const loggedBy = new Map<string, Schema[]>();
  for (const schema of schemas) {
    for (const name of schema.names) {
      const list = loggedBy.get(name);
      if (list) list.push(schema);
      else loggedBy.set(name, [schema]);
    }
  }
  // Which section last counted each schema: a section's runs are gathered without a set of objects.
  const countedIn = new Map<Schema, number>();
  const benchmarks: CatalogSection[] = [];
  const diagnostics: CatalogSection[] = [];
  groupCharts(loggedBy.keys(), patterns).forEach((section, sectionNo) => {
    const places: number[] = [];
    const metrics = section.metrics.map(({ full, parsed }) => {
      const logged = loggedBy.get(full) ?? [];
      for (const schema of logged) {
        if (countedIn.get(schema) === sectionNo) continue;
        countedIn.set(schema, sectionNo);
        for (const place of schema.places) places.push(place);
      }
      const title = parsed.statistic ? `${parsed.metric}/${parsed.statistic}` : parsed.metric;
      return lazyMetric(full, title, goalOf(full), logged, ordered);
    });
    // In catalog order: sorting the section's own runs costs what the section holds, not every run.
    const entry = {
      title: section.title,
      kind: section.kind,
      metrics,
      runs: Array.from(Int32Array.from(places).sort(), (place) => ordered[place]!),
    };
    (section.kind === 'benchmark' ? benchmarks : diagnostics).push(entry);
  });
  // The seeds of a method are one method, as the charts' seed groups draw them.
  const methods = groupRuns(ordered, (run) => ({ name: run.label, method: run.method }));
  return { benchmarks, diagnostics, methods: methods.map((group) => ({ name: group.name, runs: group.members })) };
}

/** A catalog metric whose standings are made when first asked for, then kept. */
function lazyMetric(
  full: string,
  title: string,
  better: Goal,
  logged: readonly Schema[],
  ordered: readonly CatalogRun[],
): CatalogMetric {
  let standings: RunStanding[] | undefined;
  return {
    full,
    title,
    better,
    get runs() {
      standings ??= Array.from(Int32Array.from(logged.flatMap((schema) => schema.places)).sort(), (place) => {
        const run = ordered[place]!;
        const metric = run.metrics.get(full)!;
        return { run, last: metric.last, best: better === 'max' ? metric.max : metric.min };
      });
      return standings;
    },
  };
}
