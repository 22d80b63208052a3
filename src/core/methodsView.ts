/**
 * The methods panel of a chart view (issue #16): for the metric asked, the view's runs grouped into methods
 * (seed groups), each method's statistics over its seeds and each pair's differences with their intervals,
 * as table cells, sentences, and LaTeX and Markdown to paste. Computed on the host from the full-resolution
 * columns (not the downsampled charts); the webview only draws it (webview/methodsPanel.ts).
 */
import { formatStep, formatValue } from './format';
import {
  columnsOf,
  decimalsOf,
  finalWindow,
  methodColumn,
  methodSummaryLatex,
  methodSummaryMarkdown,
  pairSentences,
  pairsLatex,
  pairsMarkdown,
  signed,
} from './exportTables';
import { compareMethods, methodsOf, type PairComparison, type Statistic } from './methodStats';
import { isProgressField, parseMetricName } from './names';
import { groupCharts } from './sections';
import { goalOf, type Goal } from './summary';
import { viewRuns, type ViewInput } from './viewModel';
import { MAX_K, type MethodCell, type MethodsAsk, type MethodsView, type PairCell, type PairRow } from './methodsTypes';

export * from './methodsTypes';

/** Every metric of the runs (not progress fields), in the order the view's sections and charts come in. */
export function metricChoices(names: Iterable<string>, patterns?: readonly string[]): string[] {
  return groupCharts(names, patterns).flatMap((section) => section.metrics.map((m) => m.full));
}

/** The first benchmark metric, else the first metric. */
export function defaultMetric(names: Iterable<string>, patterns?: readonly string[]): string | undefined {
  const sections = groupCharts(names, patterns);
  return (sections.find((s) => s.kind === 'benchmark') ?? sections[0])?.metrics[0]?.full;
}

/** A benchmark's only metric in the view is named by the benchmark (`MATH500`); any other by its full name. */
export function metricLabel(metric: string, metrics: readonly string[], patterns?: readonly string[]): string {
  const parsed = parseMetricName(metric, patterns);
  if (parsed.kind !== 'benchmark') return metric;
  const alone = metrics.every(
    (m) => m === metric || isProgressField(m) || parseMetricName(m, patterns).group !== parsed.group,
  );
  return alone ? parsed.group : metric;
}

const HEADERS: Readonly<Record<Statistic, string>> = {
  final: 'Final',
  best: 'Best',
  bestStep: 'Step of best',
  auc: 'AUC',
  thresholdStep: 'Step reaching',
};

/** The panel for `ask` over the view's runs as they are now. */
export function methodsView(view: ViewInput, ask: MethodsAsk): MethodsView {
  const runs = viewRuns(view).filter((r) => r.metrics.size > 0);
  const names = new Set(runs.flatMap((r) => [...r.metrics.keys()]));
  const metrics = metricChoices(names, view.patterns);
  const metric =
    ask.metric !== undefined && metrics.includes(ask.metric) ? ask.metric : defaultMetric(names, view.patterns);
  const k = Math.min(MAX_K, Math.max(1, Math.floor(ask.k)));
  const { threshold } = ask;
  const empty = { metrics, k, threshold, columns: [], methods: [], pairs: [], sentences: [], latex: '', markdown: '' };
  if (metric === undefined) return { ...empty, label: '', goal: 'max', notes: ['No metric to compare.'] };
  const label = metricLabel(metric, metrics, view.patterns);
  const goal = goalOf(metric);
  // Methods none of whose runs logged the metric have no row.
  const groups = methodsOf(runs, metric).filter((m) => m.runs.some((r) => r.column && r.column.length > 0));
  const comparison = compareMethods(groups, { goal, k, threshold });
  const statistics = columnsOf(comparison);
  const present = comparison.methods.filter((m) => m.runs.length > 0);
  const notes: string[] = [];
  if (present.length < 2)
    notes.push(
      present.length === 0
        ? `No run has a value of ${label}.`
        : `Only ${present[0]!.name} has values of ${label}: there is no other method to compare it with.`,
    );
  else if (present.every((m) => m.runs.length === 1))
    notes.push('One seed per method: the differences have no interval. With two or more seeds of each, they would.');
  const columns = statistics.map((s) => header(s, comparison.methods, comparison.range, threshold));
  const cells = statistics.map((s) => methodCells(comparison.methods, s, goal));
  return {
    metrics,
    metric,
    label,
    goal,
    k,
    threshold,
    range: comparison.range,
    columns,
    methods: comparison.methods.map((m, i) => ({
      name: m.name,
      members: groups[i]!.runs.map((r) => r.label),
      seeds: m.runs.length,
      cells: cells.map((column) => column[i]!),
    })),
    pairs: comparison.pairs.map((pair) => pairRow(pair, statistics)),
    sentences: comparison.pairs.flatMap((pair) => pairSentences(pair, label)),
    notes,
    latex: present.length > 0 ? `${methodSummaryLatex(comparison, label)}\n${pairsLatex(comparison, label)}` : '',
    markdown:
      present.length > 0 ? `${methodSummaryMarkdown(comparison, label)}\n${pairsMarkdown(comparison, label)}` : '',
  };
}

function header(
  statistic: Statistic,
  methods: Parameters<typeof finalWindow>[0],
  range: { from: number; to: number } | undefined,
  threshold: number | undefined,
): string {
  if (statistic === 'final') return `Final (${finalWindow(methods)})`;
  if (statistic === 'auc' && range) return `AUC (steps ${formatStep(range.from)}–${formatStep(range.to)})`;
  if (statistic === 'thresholdStep') return `Step reaching ${formatValue(threshold ?? NaN)}`;
  return HEADERS[statistic];
}

/** One column of the method table: mean ± std to the decimals its spread needs, the best in bold. */
function methodCells(methods: Parameters<typeof finalWindow>[0], statistic: Statistic, goal: Goal): MethodCell[] {
  return methodColumn(methods, statistic, goal, ' ± ').map((cell) =>
    cell
      ? { text: cell.partial ? `${cell.text} ${cell.partial}` : cell.text, best: cell.best }
      : { text: '—', best: false },
  );
}

function pairRow(pair: PairComparison, statistics: readonly Statistic[]): PairRow {
  const cells = statistics.map((statistic): PairCell => {
    const stat = pair.stats[statistic];
    if (Number.isNaN(stat.difference)) return { difference: '—', noInterval: stat.noInterval, excludesZero: false };
    const d = decimalsOf(statistic, [stat.difference, stat.interval?.low ?? 0, stat.interval?.high ?? 0]);
    const interval = stat.interval && { low: signed(stat.interval.low, d), high: signed(stat.interval.high, d) };
    return {
      difference: signed(stat.difference, d),
      ...(interval ? { interval } : { noInterval: stat.noInterval }),
      excludesZero: stat.excludesZero,
    };
  });
  const r = pair.reachBest;
  const reach = !r
    ? '—'
    : `${r.stepA === undefined ? 'not reached' : formatStep(r.stepA)} vs ${formatStep(r.stepB)}` +
      (r.ratio === undefined ? '' : ` (${r.ratio.toFixed(2)}×)`);
  return { a: pair.a.name, b: pair.b.name, cells, reach };
}
