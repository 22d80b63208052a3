import { EPOCH_FIELD } from './scan';
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
const EVAL_METRIC =
  /^(?:loss|acc(?:uracy)?|f1|wer|cer|bleu|rouge\w{0,6}|gen_len|perplexity|ppl|exact_match|em|auc|auroc|precision|recall|mse|mae|rmse|r2|iou|nll|score)$/i;
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
const PROGRESS_FIELDS = new Set([EPOCH_FIELD, 'total_steps', 'percentage']);

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
 * Bounds on user patterns, which come from workspace settings (a cloned repository's too, once trusted):
 * JavaScript cannot stop a regex mid-match, so a pattern that could backtrack for seconds is refused.
 */
const MAX_PATTERNS = 32;
const MAX_PATTERN_LENGTH = 300;
const MAX_UNBOUNDED_QUANTIFIERS = 4;
/** Longer names are not matched against user patterns (the built-in rules still place them). */
const MAX_MATCHED_NAME = 256;

/**
 * Where `full` belongs: a benchmark (val/…, val-core/…, val-aux/…, eval/…, test/…, validation/…, and
 * the split of `eval_x`, `val_x`, `eval/loss`), the `perf` group (throughput and timing), or a
 * diagnostics group (its first segment, or `other` without `/`). docs/format.md has the table. `patterns` are user regexes with a `benchmark`
 * named group (optionally `metric`, `statistic`), tried first; unusable ones are ignored (see
 * validatePatterns). A pattern without a `metric` group uses the full name as the metric.
 */
export function parseMetricName(full: string, patterns?: readonly string[]): MetricName {
  if (patterns && full.length <= MAX_MATCHED_NAME) {
    for (const pattern of patterns.slice(0, MAX_PATTERNS)) {
      const groups = compile(pattern)?.exec(full)?.groups;
      if (groups?.benchmark) {
        const statistic = groups.statistic || undefined;
        return { full, kind: 'benchmark', group: groups.benchmark, metric: groups.metric || full, statistic };
      }
    }
  }

  if (PERF.test(full)) return { full, kind: 'diagnostic', group: PERF_GROUP, metric: full };
  const flat = FLAT_SPLIT.exec(full);
  if (flat) return { full, kind: 'benchmark', group: flat[1]!, metric: flat[2]! };
  const segments = full.split('/');
  // split() gives at least one segment; the second is there when segments.length >= 2.
  const first = segments[0]!;
  const second = segments[1];
  if (second !== undefined && second !== '' && BENCHMARK_PREFIXES.has(first.toLowerCase())) {
    if (segments.length === 2 && EVAL_METRIC.test(second))
      return { full, kind: 'benchmark', group: first, metric: second };
    if (second === VERL_TEST_SCORE && segments.length >= 3) {
      return { full, kind: 'benchmark', group: segments.slice(2).join('/'), metric: VERL_TEST_SCORE };
    }
    const rest = segments.slice(2);
    if (rest.length === 0) return { full, kind: 'benchmark', group: second, metric: BENCHMARK_ONLY_METRIC };
    return { full, kind: 'benchmark', group: second, ...splitStatistic(rest) };
  }
  if (segments.length < 2 || first === '') return { full, kind: 'diagnostic', group: UNGROUPED, metric: full };
  return { full, kind: 'diagnostic', group: first, ...splitStatistic(segments.slice(1)) };
}

/** Splits the segments after the group into metric and trailing statistic; a lone segment is the metric. */
function splitStatistic(rest: readonly string[]): { metric: string; statistic?: string } {
  const n = rest.length;
  if (n >= 2) {
    const last = rest[n - 1]!;
    const before = rest[n - 2]!;
    if (n >= 3 && STATISTIC.test(last) && SAMPLED_STATISTIC.test(before)) {
      return { metric: rest.slice(0, n - 2).join('/'), statistic: `${before}/${last}` };
    }
    if (STATISTIC.test(last)) {
      return { metric: rest.slice(0, n - 1).join('/'), statistic: last };
    }
  }
  return { metric: rest.join('/') };
}

/** One message per unusable pattern (bad syntax, no `benchmark` group, too costly to match), to show the user. */
export function validatePatterns(patterns: readonly string[]): string[] {
  const errors: string[] = [];
  if (patterns.length > MAX_PATTERNS) errors.push(`Only the first ${MAX_PATTERNS} benchmark patterns are used.`);
  for (const pattern of patterns.slice(0, MAX_PATTERNS)) {
    const problem = patternProblem(pattern);
    if (problem) errors.push(`Benchmark pattern ${JSON.stringify(pattern)} ${problem}`);
  }
  return errors;
}

function patternProblem(pattern: string): string | undefined {
  if (typeof pattern !== 'string') return 'is not a string';
  if (pattern.length > MAX_PATTERN_LENGTH) return `is longer than ${MAX_PATTERN_LENGTH} characters`;
  const backtracking = backtrackingRisk(pattern);
  if (backtracking) return `${backtracking}, which can take seconds to match one name: it is not used`;
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

/** A group's body as read so far: whether it repeats something itself, or branches. */
interface GroupScan {
  quantified: boolean;
  branches: boolean;
}

/**
 * Why a pattern could backtrack exponentially or for long, read from its source: a repeated group that
 * itself repeats or branches (`(a+)+`, `(a|ab)*`, star height above one), or more than a few unbounded
 * quantifiers (`.*.*.*.*.*x`). Undefined when it has neither. Escapes and character classes are skipped.
 */
export function backtrackingRisk(source: string): string | undefined {
  const stack: GroupScan[] = [{ quantified: false, branches: false }];
  let unbounded = 0;
  /** The quantifier starting at `i` and its length, if any, and whether it repeats without bound. */
  const quantifierAt = (i: number): { length: number; repeats: boolean; unbounded: boolean } | undefined => {
    const c = source[i];
    if (c === '*' || c === '+') return { length: source[i + 1] === '?' ? 2 : 1, repeats: true, unbounded: true };
    if (c === '?') return { length: 1, repeats: false, unbounded: false };
    if (c !== '{') return undefined;
    const m = /^\{(\d{1,6})(,(\d{0,6}))?\}/.exec(source.slice(i, i + 16));
    if (!m) return undefined;
    const max = m[2] === undefined ? Number(m[1]) : m[3] === '' ? Infinity : Number(m[3]);
    return { length: m[0].length, repeats: max > 1, unbounded: max === Infinity };
  };
  for (let i = 0; i < source.length; i++) {
    const c = source[i];
    // The outermost entry is never popped: the stack is never empty.
    const top = stack[stack.length - 1]!;
    if (c === '\\') {
      i++;
    } else if (c === '[') {
      // A class is one atom: skip to its unescaped end.
      for (i++; i < source.length && source[i] !== ']'; i++) if (source[i] === '\\') i++;
    } else if (c === '(') {
      stack.push({ quantified: false, branches: false });
      // Group syntax (?:, (?=, (?<name>, …) is no quantifier.
      if (source[i + 1] === '?') i++;
    } else if (c === '|') {
      top.branches = true;
    } else if (c === ')' && stack.length > 1) {
      const group = stack.pop()!;
      const q = quantifierAt(i + 1);
      if (q?.repeats && (group.quantified || group.branches)) {
        return group.quantified ? 'repeats a group that repeats itself' : 'repeats a group of alternatives';
      }
      const parent = stack[stack.length - 1]!;
      parent.quantified ||= group.quantified || q !== undefined;
      if (q) {
        if (q.unbounded && ++unbounded > MAX_UNBOUNDED_QUANTIFIERS)
          return `has more than ${MAX_UNBOUNDED_QUANTIFIERS} unbounded repeats`;
        i += q.length;
      }
    } else {
      const q = quantifierAt(i);
      if (q && i > 0) {
        top.quantified = true;
        if (q.unbounded && ++unbounded > MAX_UNBOUNDED_QUANTIFIERS)
          return `has more than ${MAX_UNBOUNDED_QUANTIFIERS} unbounded repeats`;
        i += q.length - 1;
      }
    }
  }
  return undefined;
}
