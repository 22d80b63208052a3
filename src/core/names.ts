import type { MetricName } from './types';

/** First segments that name a benchmark in the second: val/<bench>/…, eval/<bench>/…. */
const BENCHMARK_PREFIXES = new Set(['val', 'val-core', 'val-aux', 'eval', 'test', 'validation']);
/**
 * A split prefix joined by `_` (Keras' and Lightning's `val_loss`, the HF Trainer's `eval_loss`): the
 * split is the benchmark, as `eval/loss` makes it.
 */
const FLAT_SPLIT = /^(val|valid|validation|eval|test)_([^/]+)$/i;
/**
 * Metrics of a whole evaluation, which `eval/<this>` names instead of a benchmark (the HF Trainer's
 * `eval/loss`, `eval/rougeL`); `val/MATH500` still names the benchmark MATH500.
 */
const EVAL_METRIC = /^(?:loss|acc(?:uracy)?|f1|wer|cer|bleu|rouge\w{0,6}|gen_len|perplexity|ppl|exact_match|em|auc|auroc|precision|recall|mse|mae|rmse|r2|iou|nll|score)$/i;
/**
 * Throughput and timing, wherever logged (`eval_runtime`, `eval/samples_per_second`, `total_flos`): they
 * describe the machine, not learning, so they go to the `perf` group, never next to a benchmark's scores.
 */
const PERF = /(?:^|[/_])(?:runtime|samples_per_second|steps_per_second|tokens_per_second|total_flos)$/i;
const PERF_GROUP = 'perf';
/**
 * Fields that say how far training is rather than how it goes (LLaMA-Factory's `total_steps` and
 * `percentage`, the Trainer's `epoch`): kept as columns, offered as x axes, not drawn as charts.
 */
const PROGRESS_FIELDS = new Set(['epoch', 'total_steps', 'percentage']);

/** Whether a metric name is a progress field (see PROGRESS_FIELDS). */
export function isProgressField(full: string): boolean {
  return PROGRESS_FIELDS.has(full);
}
/** A statistic segment: mean, std, max, …, optionally over N samples (mean@4, pass@8). */
const STATISTIC = /^(?:mean|avg|std|var|min|max|median|sum|count|best|worst|maj|pass|p\d{1,2})(?:@\d+)?$/i;
/** The first half of verl's two-segment statistics: best@N/mean, worst@N/std, maj@N/mean. */
const SAMPLED_STATISTIC = /^(?:best|worst|maj|pass|mean)@\d+$/i;
/**
 * verl before 0.3 wrote `val/test_score/<data_source>` (the source may contain `/`, e.g. openai/gsm8k):
 * there the benchmark comes last.
 */
const VERL_TEST_SCORE = 'test_score';
/**
 * The metric of a benchmark name that stops at the benchmark (`val/MATH500`): trainers log the
 * benchmark's headline score that way, so it is charted as that benchmark's `score`.
 */
const BENCHMARK_ONLY_METRIC = 'score';
/** Group of names without `/` (`loss`, `lr`): plain training scalars. */
const UNGROUPED = 'other';

/** Compiled user patterns; undefined marks an unusable one. Patterns change rarely, names are parsed often. */
const compiled = new Map<string, RegExp | undefined>();

/**
 * Where `full` belongs: a benchmark (val/…, val-core/…, val-aux/…, eval/…, test/…, validation/…, and
 * the split of `eval_x`, `val_x`, `eval/loss`), the `perf` group (throughput and timing), or a
 * diagnostics group (its first segment, or `other` without `/`). docs/format.md has the table. `patterns` are user regexes with a `benchmark`
 * named group (optionally `metric`, `statistic`), tried first; unusable ones are ignored (see
 * validatePatterns). A pattern without a `metric` group uses the full name as the metric.
 */
export function parseMetricName(full: string, patterns?: readonly string[]): MetricName {
  if (patterns) {
    for (const pattern of patterns) {
      const groups = compile(pattern)?.exec(full)?.groups;
      if (groups?.benchmark) {
        const statistic = groups.statistic || undefined;
        return { full, kind: 'benchmark', group: groups.benchmark, metric: groups.metric || full, statistic };
      }
    }
  }

  if (PERF.test(full)) return { full, kind: 'diagnostic', group: PERF_GROUP, metric: full };
  const flat = FLAT_SPLIT.exec(full);
  if (flat) return { full, kind: 'benchmark', group: flat[1], metric: flat[2] };
  const segments = full.split('/');
  if (segments.length >= 2 && segments[1] !== '' && BENCHMARK_PREFIXES.has(segments[0].toLowerCase())) {
    if (segments.length === 2 && EVAL_METRIC.test(segments[1])) return { full, kind: 'benchmark', group: segments[0], metric: segments[1] };
    if (segments[1] === VERL_TEST_SCORE && segments.length >= 3) {
      return { full, kind: 'benchmark', group: segments.slice(2).join('/'), metric: VERL_TEST_SCORE };
    }
    const rest = segments.slice(2);
    if (rest.length === 0) return { full, kind: 'benchmark', group: segments[1], metric: BENCHMARK_ONLY_METRIC };
    return { full, kind: 'benchmark', group: segments[1], ...splitStatistic(rest) };
  }
  if (segments.length < 2 || segments[0] === '') return { full, kind: 'diagnostic', group: UNGROUPED, metric: full };
  return { full, kind: 'diagnostic', group: segments[0], ...splitStatistic(segments.slice(1)) };
}

/** Splits the segments after the group into metric and trailing statistic; a lone segment is the metric. */
function splitStatistic(rest: readonly string[]): { metric: string; statistic?: string } {
  const n = rest.length;
  if (n >= 3 && STATISTIC.test(rest[n - 1]) && SAMPLED_STATISTIC.test(rest[n - 2])) {
    return { metric: rest.slice(0, n - 2).join('/'), statistic: `${rest[n - 2]}/${rest[n - 1]}` };
  }
  if (n >= 2 && STATISTIC.test(rest[n - 1])) {
    return { metric: rest.slice(0, n - 1).join('/'), statistic: rest[n - 1] };
  }
  return { metric: rest.join('/') };
}

/** One message per unusable pattern (bad syntax, or no `benchmark` group), to show the user. */
export function validatePatterns(patterns: readonly string[]): string[] {
  const errors: string[] = [];
  for (const pattern of patterns) {
    const problem = patternProblem(pattern);
    if (problem) errors.push(`Benchmark pattern ${JSON.stringify(pattern)} ${problem}`);
  }
  return errors;
}

function patternProblem(pattern: string): string | undefined {
  let regex: RegExp;
  try {
    regex = new RegExp(pattern);
  } catch (e) {
    return `is not a valid regular expression: ${e instanceof Error ? e.message : String(e)}`;
  }
  // A named group shows up in the source; matching it against an empty string would not reveal it.
  return /\(\?<benchmark>/.test(regex.source) ? undefined : 'has no (?<benchmark>…) group';
}

function compile(pattern: string): RegExp | undefined {
  if (!compiled.has(pattern)) compiled.set(pattern, patternProblem(pattern) ? undefined : new RegExp(pattern));
  return compiled.get(pattern);
}
