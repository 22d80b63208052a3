/**
 * Which benchmark metrics can share one dual-axis chart (reference figure 4): a score on the left axis
 * and a response length on the right, for every benchmark that logs both.
 */
import { parseMetricName } from './names';

/** Scores, accuracies, pass rates, rewards: what the left axis shows. Matched on whole words of the name. */
const ACCURACY_LIKE =
  /(?:^|[/_.@-])(?:acc|accuracy|score|scores|reward|rewards|pass|pass@\d+|correct|correctness|exact_match|em|f1|solve_rate|success_rate)(?=$|[/_.@-])/i;
/** Lengths in tokens or characters: what the right axis shows. */
const LENGTH_LIKE = /(?:^|[/_.@-])(?:length|lengths|len|tokens|token|num_tokens)(?=$|[/_.@-])/i;
/** Spread statistics are not a score or a length of their own. */
const SPREAD = /^(?:std|var|count)$/i;
/** Among equally common names, the headline one comes first: no statistic, or the mean. */
const HEADLINE_STATISTIC = /^(?:mean|avg)(?:@\d+)?$/i;

/** The metric names (within a benchmark) offered for each axis, the most common first. */
export interface DualAxisChoices {
  /** Accuracy-like, e.g. `accuracy`, `acc/mean@4`. */
  readonly left: readonly string[];
  /** Length-like, e.g. `response_length/mean`. */
  readonly right: readonly string[];
}

/** One benchmark's pair of full metric names. */
export interface DualAxisPair {
  readonly benchmark: string;
  readonly left: string;
  readonly right: string;
}

export type AxisRole = 'left' | 'right';

/**
 * Whether a benchmark's metric (`response_length`, with statistic `mean`) belongs on the left or right
 * axis. Only the metric's last segment counts: `response_length/clip_ratio` is not a length.
 */
export function axisRole(metric: string, statistic?: string): AxisRole | undefined {
  if (statistic && SPREAD.test(statistic)) return undefined;
  const last = metric.slice(metric.lastIndexOf('/') + 1);
  // "reward_length" is a length: test that first.
  if (LENGTH_LIKE.test(last)) return 'right';
  if (ACCURACY_LIKE.test(last)) return 'left';
  return undefined;
}

interface BenchmarkMetric {
  readonly full: string;
  readonly role: AxisRole | undefined;
  readonly headline: boolean;
}

/** Benchmark → (metric name within it, e.g. `response_length/mean` → its full name and axis), in first-seen order. */
function byBenchmark(names: Iterable<string>, patterns?: readonly string[]): Map<string, Map<string, BenchmarkMetric>> {
  const benchmarks = new Map<string, Map<string, BenchmarkMetric>>();
  for (const full of names) {
    const parsed = parseMetricName(full, patterns);
    if (parsed.kind !== 'benchmark') continue;
    const name = parsed.statistic ? `${parsed.metric}/${parsed.statistic}` : parsed.metric;
    let metrics = benchmarks.get(parsed.group);
    if (!metrics) benchmarks.set(parsed.group, (metrics = new Map<string, BenchmarkMetric>()));
    // The same benchmark under two prefixes (val/…, eval/…): the first one seen is charted.
    if (!metrics.has(name)) {
      const headline = !parsed.statistic || HEADLINE_STATISTIC.test(parsed.statistic);
      metrics.set(name, { full, role: axisRole(parsed.metric, parsed.statistic), headline });
    }
  }
  return benchmarks;
}

/**
 * The names each axis can show, counting only benchmarks that have both an accuracy-like and a
 * length-like metric; undefined when no benchmark has both. Ordered by how many benchmarks have the
 * name, then headline names (no statistic, or a mean) first, then A–Z; so the first of each is the
 * natural default.
 */
export function dualAxisChoices(names: Iterable<string>, patterns?: readonly string[]): DualAxisChoices | undefined {
  const counts = { left: new Map<string, number>(), right: new Map<string, number>() };
  const secondary = new Set<string>();
  for (const metrics of byBenchmark(names, patterns).values()) {
    const roles = [...metrics.values()].map((m) => m.role);
    if (!roles.includes('left') || !roles.includes('right')) continue;
    for (const [name, { role, headline }] of metrics) {
      if (!role) continue;
      counts[role].set(name, (counts[role].get(name) ?? 0) + 1);
      if (!headline) secondary.add(name);
    }
  }
  if (counts.left.size === 0) return undefined;
  const ranked = (m: Map<string, number>): string[] =>
    [...m.keys()].sort((a, b) => {
      const rank = (n: string): number => (secondary.has(n) ? 1 : 0);
      return m.get(b)! - m.get(a)! || rank(a) - rank(b) || (a < b ? -1 : a > b ? 1 : 0);
    });
  return { left: ranked(counts.left), right: ranked(counts.right) };
}

/** The benchmarks that log both `left` and `right` (names within the benchmark), in first-seen order. */
export function dualAxisPairs(
  names: Iterable<string>,
  left: string,
  right: string,
  patterns?: readonly string[],
): DualAxisPair[] {
  const pairs: DualAxisPair[] = [];
  for (const [benchmark, metrics] of byBenchmark(names, patterns)) {
    const l = metrics.get(left);
    const r = metrics.get(right);
    if (l && r && l !== r) pairs.push({ benchmark, left: l.full, right: r.full });
  }
  return pairs;
}
