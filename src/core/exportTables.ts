/**
 * A method comparison (methodStats.ts) as text to paste: sentences, and LaTeX (booktabs) and Markdown
 * tables. Names from logs are plain text here: escaped for LaTeX and Markdown, never interpreted.
 */
import { formatStep, formatValue } from './format';
import {
  betterOf,
  type MethodComparison,
  type MethodSummary,
  type PairComparison,
  type PairStat,
  type Spread,
  type Statistic,
} from './methodStats';
import type { Goal } from './summary';

/** LaTeX's special characters as text (and control characters, a line break among them, as spaces). */
const LATEX: Readonly<Record<string, string>> = {
  '&': '\\&',
  '%': '\\%',
  $: '\\$',
  '#': '\\#',
  _: '\\_',
  '{': '\\{',
  '}': '\\}',
  '~': '\\textasciitilde{}',
  '^': '\\textasciicircum{}',
  '\\': '\\textbackslash{}',
  '<': '\\textless{}',
  '>': '\\textgreater{}',
  '|': '\\textbar{}',
};

export function latexEscape(text: string): string {
  // eslint-disable-next-line no-control-regex -- control characters are what is replaced
  return text.replace(/[&%$#_{}~^\\<>|]|[\u0000-\u001f\u007f]/g, (c) => LATEX[c] ?? ' ');
}

/** A Markdown table cell's text: backslashes and pipes escaped, line breaks as spaces. */
export function markdownEscape(text: string): string {
  return text
    .replace(/\\/g, '\\\\')
    .replace(/\|/g, '\\|')
    .replace(/\r\n?|\n/g, ' ');
}

/** Decimals that show `significant` digits of `scale` (0 to 6); `fallback` without a positive scale. */
export function decimalsFor(scale: number, significant: number, fallback = 3): number {
  if (!(scale > 0) || !Number.isFinite(scale)) return fallback;
  const exponent = Number(scale.toExponential(significant - 1).split('e')[1]);
  return Math.min(6, Math.max(0, significant - 1 - exponent));
}

/** `+0.020`, `-0.010`, `0.000`: a difference with its sign (ASCII, as formatValue writes numbers). */
export function signed(value: number, decimals: number): string {
  const text = value.toFixed(decimals);
  return Number(text) > 0 ? `+${text}` : Number(text) === 0 ? (0).toFixed(decimals) : text;
}

const isStep = (statistic: Statistic): boolean => statistic === 'bestStep' || statistic === 'thresholdStep';

/** Decimals for numbers of one kind: steps that are whole stay whole; otherwise 2 digits of the largest. */
export function decimalsOf(statistic: Statistic, numbers: readonly number[], significant = 2): number {
  const finite = numbers.filter(Number.isFinite);
  if (isStep(statistic) && finite.every(Number.isInteger)) return 0;
  return decimalsFor(Math.max(0, ...finite.map(Math.abs)), significant);
}

/** `last 3`, or `last 2–3` when some run had fewer points: how many points `final` averages. */
export function finalWindow(methods: readonly MethodSummary[], dash = '–'): string {
  const ks = methods.flatMap((m) => m.runs.map((r) => r.stats.finalK));
  const [lo, hi] = [Math.min(...ks), Math.max(...ks)];
  return ks.length === 0 ? 'last' : lo === hi ? `last ${lo}` : `last ${lo}${dash}${hi}`;
}

const rangeText = (range: { from: number; to: number } | undefined, dash: string): string =>
  range ? `${formatStep(range.from)}${dash}${formatStep(range.to)}` : '';

function phrase(statistic: Statistic, pair: PairComparison): string {
  if (statistic === 'final') {
    const window = finalWindow([pair.a, pair.b]);
    return window === 'last 1' ? 'at the last step' : `over the ${window} logged values`;
  }
  if (statistic === 'auc') return `in area under the curve over steps ${rangeText(pair.range, '–')}`;
  return 'at their best';
}

/**
 * One statistic of a pair as a sentence, led by the method it favours (positive = ahead), e.g.
 * "MEL is ahead of GRPO on MATH500 at the last step by +0.020 (95% CI +0.008 to +0.031, 3 vs 3 seeds)."
 * The interval is of the leader's advantage; a negative lower end means it may be behind.
 */
export function pairSentence(pair: PairComparison, statistic: Statistic, metric: string): string {
  const stat = pair.stats[statistic];
  const [a, b] = [pair.a.name, pair.b.name];
  const threshold = formatValue(pair.threshold ?? NaN);
  if (Number.isNaN(stat.difference)) {
    const absent = stat.n[0] === 0 ? a : b;
    return statistic === 'thresholdStep'
      ? `No seed of ${absent} reaches ${threshold} on ${metric}: no comparison of ${a} and ${b} there.`
      : `No comparison of ${a} and ${b} on ${metric} ${phrase(statistic, pair)}: ${absent} has no value.`;
  }
  const better = betterOf(statistic, pair.goal);
  const leadsA = better ? stat.favours !== 'b' : stat.difference >= 0;
  const sign = leadsA === (better !== 'min') ? 1 : -1;
  const by = sign * stat.difference;
  const ends = stat.interval && [sign * stat.interval.low, sign * stat.interval.high];
  const ci = ends && [Math.min(...ends), Math.max(...ends)];
  const d = decimalsOf(statistic, [by, ...(ci ?? [])]);
  const [lead, other] = leadsA ? [a, b] : [b, a];
  const [nLead, nOther] = leadsA ? stat.n : [stat.n[1], stat.n[0]];
  const seeds = `${nLead} vs ${nOther} seeds`;
  const partial =
    statistic === 'thresholdStep' && (stat.n[0] < pair.a.runs.length || stat.n[1] < pair.b.runs.length)
      ? '; seeds that never reach it are left out'
      : '';
  const lower = better === 'min' && statistic !== 'thresholdStep' ? '; lower is better' : '';
  const unit = isStep(statistic) ? ' steps' : '';
  const detail = ci
    ? `(95% CI ${signed(ci[0]!, d)} to ${signed(ci[1]!, d)}${unit}, ${seeds}${partial}${lower})`
    : `(${seeds}: no interval${partial}${lower})`;
  const amount = isStep(statistic) ? by.toFixed(d) : signed(by, d);
  const steps = `${amount} step${amount === '1' ? '' : 's'}`;
  if (Number(by.toFixed(d)) === 0) {
    if (statistic === 'thresholdStep')
      return `${a} and ${b} reach ${threshold} on ${metric} at the same step ${detail}.`;
    if (statistic === 'bestStep') return `${a} and ${b} peak on ${metric} at the same step ${detail}.`;
    return `${a} and ${b} are level on ${metric} ${phrase(statistic, pair)} ${detail}.`;
  }
  if (statistic === 'thresholdStep')
    return `${lead} reaches ${threshold} on ${metric} ${steps} sooner than ${other} ${detail}.`;
  if (statistic === 'bestStep') return `${lead} peaks on ${metric} ${steps} later than ${other} ${detail}.`;
  return `${lead} is ahead of ${other} on ${metric} ${phrase(statistic, pair)} by ${amount} ${detail}.`;
}

/** "MEL reaches GRPO's best on MATH500 (0.826, on the mean of its seeds) at step 60, GRPO at step 120 (0.50× the steps)." */
export function reachBestSentence(pair: PairComparison, metric: string): string | undefined {
  const reach = pair.reachBest;
  if (!reach) return undefined;
  const [a, b] = [pair.a.name, pair.b.name];
  const target = `${b}'s best on ${metric} (${formatValue(reach.target)}, on the mean of its seeds)`;
  if (reach.stepA === undefined)
    return `${a} does not reach ${target} by step ${formatStep(pair.range?.to ?? NaN)}; ${b} reaches it at step ${formatStep(reach.stepB)}.`;
  const ratio = reach.ratio === undefined ? '' : ` (${reach.ratio.toFixed(2)}× the steps)`;
  return `${a} reaches ${target} at step ${formatStep(reach.stepA)}, ${b} at step ${formatStep(reach.stepB)}${ratio}.`;
}

/** Every sentence of a pair: final, best, its step, AUC (with a range), threshold (with one), steps to B's best. */
export function pairSentences(pair: PairComparison, metric: string): string[] {
  const stats = columnsOf(pair);
  const reach = reachBestSentence(pair, metric);
  return [...stats.map((s) => pairSentence(pair, s, metric)), ...(reach ? [reach] : [])];
}

/** How a table is written: one implementation for LaTeX, one for Markdown. */
interface Dialect {
  readonly text: (t: string) => string;
  readonly dash: string;
  readonly empty: string;
  readonly math: (t: string, bold: boolean) => string;
  /** ± between two numbers in math, and as text; − and × as text. */
  readonly pm: string;
  readonly pmText: string;
  readonly minus: string;
  readonly times: string;
  readonly table: (caption: string, header: readonly string[], rows: readonly string[][]) => string;
}

const LATEX_DIALECT: Dialect = {
  text: latexEscape,
  dash: '--',
  empty: '--',
  math: (t, bold) => (bold ? `$\\mathbf{${t}}$` : `$${t}$`),
  pm: ' \\pm ',
  pmText: '$\\pm$',
  minus: '$-$',
  times: '$\\times$',
  table: (caption, header, rows) =>
    [
      '% Needs \\usepackage{booktabs}.',
      '\\begin{table}[t]',
      '\\centering',
      `\\caption{${caption}}`,
      `\\begin{tabular}{l${'r'.repeat(header.length - 1)}}`,
      '\\toprule',
      `${header.join(' & ')} \\\\`,
      '\\midrule',
      ...rows.map((r) => `${r.join(' & ')} \\\\`),
      '\\bottomrule',
      '\\end{tabular}',
      '\\end{table}',
      '',
    ].join('\n'),
};

const MARKDOWN_DIALECT: Dialect = {
  text: markdownEscape,
  dash: '–',
  empty: '—',
  math: (t, bold) => (bold ? `**${t}**` : t),
  pm: ' ± ',
  pmText: '±',
  minus: '−',
  times: '×',
  table: (caption, header, rows) => {
    const line = (cells: readonly string[]): string => `| ${cells.join(' | ')} |`;
    const align = header.map((_, i) => (i === 0 ? ':---' : '---:'));
    return [caption, '', line(header), line(align), ...rows.map(line), ''].join('\n');
  },
};

/** The statistics a table shows: AUC with a range, the threshold's step with a threshold. */
export function columnsOf(comparison: { range?: unknown; threshold?: number }): Statistic[] {
  const stats: Statistic[] = ['final', 'best', 'bestStep'];
  if (comparison.range) stats.push('auc');
  if (comparison.threshold !== undefined) stats.push('thresholdStep');
  return stats;
}

function headerOf(statistic: Statistic, comparison: MethodComparison, x: Dialect): string {
  if (statistic === 'final') return x.text(`Final (${finalWindow(comparison.methods, x.dash)})`);
  if (statistic === 'best') return 'Best';
  if (statistic === 'bestStep') return 'Step of best';
  if (statistic === 'auc') return `AUC (steps ${rangeText(comparison.range, x.dash)})`;
  return x.text(`Step reaching ${formatValue(comparison.threshold ?? NaN)}`);
}

/**
 * One statistic's column of the method table: each method's mean ± std to the decimals the column's spread
 * needs, whether it is the column's best, and `(n/runs)` when some runs lack it. `pm` joins mean and std.
 */
export function methodColumn(
  methods: readonly MethodSummary[],
  statistic: Statistic,
  goal: Goal,
  pm: string,
): ({ readonly text: string; readonly best: boolean; readonly partial?: string } | undefined)[] {
  const spreads = methods.map((m) => m.stats[statistic]);
  const stds = spreads.map((s) => s.std ?? 0).filter((s) => s > 0);
  const d = stds.length
    ? decimalsOf(statistic, [Math.min(...stds)])
    : decimalsOf(
        statistic,
        spreads.map((s) => s.mean),
        3,
      );
  const shown = spreads.map((s) => (s.n > 0 ? Number(s.mean.toFixed(d)) : NaN));
  const better = betterOf(statistic, goal);
  const present = shown.filter((v) => !Number.isNaN(v));
  const top = better === 'min' ? Math.min(...present) : Math.max(...present);
  return spreads.map((s: Spread, i) => {
    if (s.n === 0) return undefined;
    const text = s.std === undefined ? s.mean.toFixed(d) : `${s.mean.toFixed(d)}${pm}${s.std.toFixed(d)}`;
    const runs = methods[i]!.runs.length;
    const best = better !== undefined && present.length > 1 && shown[i] === top;
    return s.n < runs ? { text, best, partial: `(${s.n}/${runs})` } : { text, best };
  });
}

function summaryTable(comparison: MethodComparison, metric: string, x: Dialect): string {
  const stats = columnsOf(comparison);
  const cells = stats.map((statistic) =>
    methodColumn(comparison.methods, statistic, comparison.goal, x.pm).map((cell) =>
      !cell ? x.empty : cell.partial ? `${x.math(cell.text, cell.best)} ${cell.partial}` : x.math(cell.text, cell.best),
    ),
  );
  const rows = comparison.methods.map((m, i) => [
    x.text(m.name),
    m.missing.length ? `${m.runs.length}/${m.runs.length + m.missing.length}` : String(m.runs.length),
    ...cells.map((column) => column[i]!),
  ]);
  const direction = comparison.goal === 'min' ? 'lower' : 'higher';
  const caption =
    `${x.text(metric)} (${direction} is better): mean ${x.pmText} std over seeds; ` +
    'final: mean of the last values logged; AUC: mean value over the common steps; ' +
    'bold: best in its column; n/m: n of m runs have a value.';
  return x.table(caption, ['Method', 'n', ...stats.map((s) => headerOf(s, comparison, x))], rows);
}

function pairCell(stat: PairStat, statistic: Statistic, x: Dialect): string {
  if (Number.isNaN(stat.difference)) return x.empty;
  const d = decimalsOf(statistic, [stat.difference, stat.interval?.low ?? 0, stat.interval?.high ?? 0]);
  const diff = x.math(signed(stat.difference, d), stat.excludesZero);
  if (!stat.interval) return diff;
  return `${diff} ${x.math(`[${signed(stat.interval.low, d)}, ${signed(stat.interval.high, d)}]`, false)}`;
}

function pairsTable(comparison: MethodComparison, metric: string, x: Dialect): string {
  const stats = columnsOf(comparison);
  const rows = comparison.pairs.map((pair) => {
    const reach = pair.reachBest;
    const reachCell = !reach
      ? x.empty
      : `${reach.stepA === undefined ? 'not reached' : formatStep(reach.stepA)} vs ${formatStep(reach.stepB)}` +
        (reach.ratio === undefined ? '' : ` (${reach.ratio.toFixed(2)}${x.times})`);
    return [x.text(`${pair.a.name} vs ${pair.b.name}`), ...stats.map((s) => pairCell(pair.stats[s], s, x)), reachCell];
  });
  const caption =
    `${x.text(metric)}: first method minus second (A ${x.minus} B), means over seeds, ` +
    `[95${x.text('%')} bootstrap interval over seeds]; bold: the interval excludes 0; ` +
    "last column: steps for A's and B's mean curves to reach B's best.";
  const header = ['A vs B', ...stats.map((s) => headerOf(s, comparison, x)), x.text("Steps to B's best")];
  return x.table(caption, header, rows);
}

/** The per-method summary as a booktabs LaTeX table (mean ± std; best per column in bold). */
export const methodSummaryLatex = (c: MethodComparison, metric: string): string =>
  summaryTable(c, metric, LATEX_DIALECT);
export const methodSummaryMarkdown = (c: MethodComparison, metric: string): string =>
  summaryTable(c, metric, MARKDOWN_DIALECT);
/** The pair differences as a booktabs LaTeX table (A − B with its interval; bold when it excludes 0). */
export const pairsLatex = (c: MethodComparison, metric: string): string => pairsTable(c, metric, LATEX_DIALECT);
export const pairsMarkdown = (c: MethodComparison, metric: string): string => pairsTable(c, metric, MARKDOWN_DIALECT);
