/**
 * Turns parsed runs into chart payloads: one chart per metric, one series per run, downsampled to the
 * chart's width. Pure (no vscode), so it is unit-tested with the core.
 */
import type { ChartPayload, SeriesPayload, SkippedSummary } from './protocol';
import type { SeriesColumns } from './core/types';
import { downsample } from './core/downsample';
import { groupCharts } from './core/sections';
import type { MetricsLogParser } from './core/jsonl';

/** Enough points for about two per pixel: more cannot be seen, fewer would hide peaks. */
export const POINTS_PER_PIXEL = 2;

export interface RunColumns {
  /** Unique within a view; keys the run's colour. */
  readonly id: string;
  readonly label: string;
  readonly metrics: ReadonlyMap<string, SeriesColumns>;
}

/** `grpo.metrics.jsonl` → `grpo`; any other `.jsonl` loses that suffix only. */
export function runNameFromPath(path: string): string {
  const base = path.slice(path.lastIndexOf('/') + 1);
  return base.replace(/\.metrics\.jsonl$/i, '').replace(/\.jsonl$/i, '') || base;
}

export function runNameFromUri(uri: { readonly path: string }): string {
  return runNameFromPath(uri.path);
}

/** The runs of one parsed file, labelled by run name. */
export function runsOfParser(parser: MetricsLogParser, idPrefix = ''): RunColumns[] {
  return [...parser.runs.values()].map((run) => ({ id: idPrefix + run.name, label: run.name, metrics: run.metrics }));
}

export function buildCharts(runs: readonly RunColumns[], chartWidth: number, patterns?: readonly string[]): ChartPayload[] {
  const maxPoints = Math.max(16, Math.round(chartWidth * POINTS_PER_PIXEL));
  const names = new Set<string>();
  for (const run of runs) for (const name of run.metrics.keys()) names.add(name);
  const charts: ChartPayload[] = [];
  for (const section of groupCharts(names, patterns)) {
    for (const metric of section.metrics) {
      const series: SeriesPayload[] = [];
      for (const run of runs) {
        const column = run.metrics.get(metric.full);
        if (!column || column.length === 0) continue;
        const { x, y } = downsample(column, maxPoints);
        series.push({ run: run.id, label: run.label, x, y, total: column.length });
      }
      const { metric: name, statistic } = metric.parsed;
      charts.push({ id: metric.full, title: statistic ? `${name}/${statistic}` : name, section: section.title, sectionKind: section.kind, series });
    }
  }
  return charts;
}

/** What the user is told about lines that were not used. */
export function skippedSummary(parser: MetricsLogParser): SkippedSummary {
  return { count: parser.skipped.count, first: parser.skipped.first.slice(0, 10), pendingLine: parser.pendingLine };
}
