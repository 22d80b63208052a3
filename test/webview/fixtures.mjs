// Chart data for the webview tests, built from the reference figures (/work/shared/reference-figures.md).
// Series are plain arrays here; the page turns them into Float64Arrays before posting, like the host does.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const SAMPLES = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../samples');

/** Piecewise-linear values at every integer step from the first to the last key point. */
function interpolate(keys) {
  const x = [];
  const y = [];
  for (let k = 0; k < keys.length - 1; k++) {
    const [x0, y0] = keys[k];
    const [x1, y1] = keys[k + 1];
    for (let s = x0; s < x1; s++) {
      x.push(s);
      y.push(y0 + ((y1 - y0) * (s - x0)) / (x1 - x0));
    }
  }
  const [xl, yl] = keys[keys.length - 1];
  x.push(xl);
  y.push(yl);
  return { x, y };
}

function series(run, label, { x, y }) {
  return { run, label, x, y, total: x.length };
}

function points(keys) {
  return { x: keys.map((k) => k[0]), y: keys.map((k) => k[1]) };
}

/** Figure 1: GRPO and MEL on MATH500, the key points exactly as the figure gives them. */
export const GRPO = [[0, 0.74], [20, 0.77], [40, 0.795], [60, 0.8], [80, 0.8], [100, 0.815], [120, 0.82], [140, 0.82]];
export const MEL = [
  [0, 0.74], [20, 0.77], [30, 0.76], [40, 0.79], [50, 0.805], [60, 0.81], [70, 0.8],
  [80, 0.8], [90, 0.81], [100, 0.82], [110, 0.81], [120, 0.84], [140, 0.82],
];

export const XSS_NAME = '<img src=x onerror=alert(1)>/loss';

function figure1(extra = { grpo: [], mel: [] }) {
  return {
    id: 'val/math500/acc',
    title: 'acc',
    section: 'math500',
    sectionKind: 'benchmark',
    series: [series('grpo', 'GRPO', points([...GRPO, ...extra.grpo])), series('mel', 'MEL', points([...MEL, ...extra.mel]))],
  };
}

/** Figure 5: three diagnostics panels, two runs over steps 0–30. */
function figure5() {
  const two = (id, section, sectionKind, a, b) => ({
    id,
    // As the host titles a chart: its name without the section prefix.
    title: id.slice(id.indexOf(section) + section.length + 1),
    section,
    sectionKind,
    series: [series('A', 'Series A', interpolate(a)), series('B', 'Series B', interpolate(b))],
  });
  return [
    two('eval/math-eval/accuracy/mean', 'math-eval', 'benchmark', [[0, 0.24], [15, 0.35], [30, 0.32]], [[0, 0.2], [10, 0.35], [30, 0.31]]),
    two('actor/entropy_loss', 'actor', 'diagnostic',
      [[0, 0.2], [10, 0.05], [15, 0.09], [20, 0.06], [25, 0.12], [30, 0.08]], [[0, 0.2], [30, 0.02]]),
    two('actor/kl_loss', 'actor', 'diagnostic',
      [[0, 0], [10, 0.6], [15, 0.45], [20, 0.5], [25, 0.4], [30, 0.45]], [[0, 0], [20, 1.0], [30, 0.55]]),
  ];
}

/** Figure 3: one long run (801 points, so no markers), MMLU-Pro 50–57 with some noise. */
function figure3() {
  const { x, y } = interpolate([[0, 50.2], [200, 54.8], [400, 55.4], [600, 55.2], [800, 56.7]]);
  const noisy = y.map((v, i) => v + 0.4 * Math.sin(i * 0.37) * Math.cos(i * 0.051));
  return { id: 'val/mmlu-pro/score', title: 'score', section: 'mmlu-pro', sectionKind: 'benchmark', series: [series('mmlu', 'run', { x, y: noisy })] };
}

/** A series with a gap (NaN values at steps 4–6), which must break the line and read "—". */
function gapped() {
  const x = Array.from({ length: 13 }, (_, i) => i);
  const y = x.map((s) => (s >= 4 && s <= 6 ? NaN : 900 + 35 * s));
  return { id: 'response_length/mean', title: 'mean', section: 'response_length', sectionKind: 'diagnostic', series: [series('A', 'Series A', { x, y })] };
}

function xss() {
  return { id: XSS_NAME, title: XSS_NAME, section: 'other', sectionKind: 'diagnostic', series: [series('A', 'Series A', points([[0, 1], [1, 0.5]]))] };
}

const skipped = {
  count: 3,
  first: [{ line: 3, reason: 'not valid JSON' }, { line: 7, reason: 'no step field' }],
  pendingLine: 12,
};

/**
 * What the host adds to a chart: whether low or high is better (losses low), and each series' last
 * finite value and best one, earliest on ties.
 */
function withGoal(chart) {
  const goal = /loss/.test(chart.id) ? 'min' : 'max';
  const better = (a, b) => (goal === 'min' ? a < b : a > b);
  const series = chart.series.map((s) => {
    let last;
    let best;
    for (let i = 0; i < s.x.length; i++) {
      if (!Number.isFinite(s.y[i])) continue;
      last = { step: s.x[i], x: s.x[i], value: s.y[i] };
      if (!best || better(s.y[i], best.value)) best = last;
    }
    return { ...s, last, best };
  });
  return { ...chart, goal, series };
}

/** The runs of the charts in order of first appearance, labelled as their (non-dual) series are: as the host lists them. */
function runsOf(charts) {
  const runs = new Map();
  for (const chart of charts) for (const s of chart.series) if (!runs.has(s.run)) runs.set(s.run, s.label);
  return [...runs].map(([id, label]) => ({ id, label }));
}

function dataMessage(title, charts, extra = {}) {
  return { type: 'data', title, xAxis: 'step', charts, runs: runsOf(charts), skipped: { count: 0, first: [] }, notices: [], complete: true, ...extra };
}

export function firstData() {
  const charts = [figure1(), ...figure5(), figure3(), gapped(), xss()].map(withGoal);
  return dataMessage('math500-grpo-vs-mel.metrics.jsonl', charts, {
    skipped,
    notices: ['Step went back from 140 to 0 at line 90: a restart?'],
  });
}

/** The same file after the trainer appended step 160 to both runs. */
export function appendedData() {
  const message = firstData();
  message.charts[0] = withGoal(figure1({ grpo: [[160, 0.83]], mel: [[160, 0.85]] }));
  return message;
}

/** A trailing mean of up to three points: stands in for the host's smoothing, which has its own unit tests. */
function trailingMean(y) {
  return y.map((_, i) => {
    const window = y.slice(Math.max(0, i - 2), i + 1);
    return window.reduce((a, b) => a + b, 0) / window.length;
  });
}

/** The first data with every series smoothed, as the host sends it once the smoothing weight is above 0. */
export function smoothedData() {
  const message = firstData();
  for (const chart of message.charts) for (const s of chart.series) s.smoothed = trailingMean(s.y);
  return message;
}

export const MMLU = 'val/mmlu-pro/score';

/**
 * Figure 3's chart as the host sends it for an x range: the overview (no range) keeps every 8th step, as
 * downsampling a long run does; a zoomed range has every step in it, plus one either side.
 */
export function mmluData(range) {
  const message = firstData();
  const chart = message.charts.find((c) => c.id === MMLU);
  const [s] = chart.series;
  const keep = s.x.map((x, i) => (range ? x >= range.min - 1 && x <= range.max + 1 : i % 8 === 0));
  const x = s.x.filter((_, i) => keep[i]);
  const y = s.y.filter((_, i) => keep[i]);
  chart.series = [{ ...s, x, y, total: s.x.length }];
  return message;
}

/** A loss falling by decades: bunched at the bottom on a linear axis, evenly spaced on a log one. */
export function decadesData() {
  const charts = [withGoal({ id: 'loss/decades', title: 'decades', section: 'loss', sectionKind: 'diagnostic', series: [series('A', 'Series A', points([[0, 1000], [1, 100], [2, 10], [3, 1]]))] })];
  return { ...firstData(), charts, runs: runsOf(charts) };
}

/** Figure 1 against relative time: 50 seconds per step. */
export function relativeTimeData() {
  const message = firstData();
  message.xAxis = 'relative';
  for (const chart of message.charts) {
    chart.series = chart.series.map((s) => ({ ...s, x: s.x.map((x) => x * 50), best: s.best && { ...s.best, x: s.best.step * 50 } }));
  }
  return message;
}

// ---- reference figure 4: the dual-axis sample log ----
export const DUAL_LEFT = 'accuracy';
export const DUAL_RIGHT = 'response_length/mean';

/** samples/dual-axis.metrics.jsonl as columns: benchmark → { x, accuracy, length }, benchmarks in the log's order. */
function dualAxisSample() {
  const lines = fs.readFileSync(path.join(SAMPLES, 'dual-axis.metrics.jsonl'), 'utf8').split('\n').filter((l) => l.trim());
  const benchmarks = new Map();
  for (const line of lines) {
    const record = JSON.parse(line);
    for (const [key, value] of Object.entries(record)) {
      const m = /^val\/(.+)\/accuracy$/.exec(key);
      if (!m) continue;
      const b = benchmarks.get(m[1]) ?? { x: [], accuracy: [], length: [] };
      b.x.push(record.iteration);
      b.accuracy.push(value);
      b.length.push(record[`val/${m[1]}/${DUAL_RIGHT}`]);
      benchmarks.set(m[1], b);
    }
  }
  return benchmarks;
}

const DUAL_CHOICES = { left: [DUAL_LEFT], right: [DUAL_RIGHT] };

/** The sample with the mode off: two charts per benchmark, and the choices that offer the mode. */
export function dualAxisPlainData() {
  const charts = [];
  for (const [bench, b] of dualAxisSample()) {
    charts.push({ id: `val/${bench}/${DUAL_LEFT}`, title: DUAL_LEFT, section: bench, sectionKind: 'benchmark', series: [series('dual', 'dual-axis', { x: b.x, y: b.accuracy })] });
    charts.push({ id: `val/${bench}/${DUAL_RIGHT}`, title: DUAL_RIGHT, section: bench, sectionKind: 'benchmark', series: [series('dual', 'dual-axis', { x: b.x, y: b.length })] });
  }
  return dataMessage('dual-axis.metrics.jsonl', charts.map(withGoal), { dualAxis: DUAL_CHOICES });
}

/** One benchmark's dual-axis chart as the host builds it: the score against the left axis, the length against the right. */
function dualChart(bench, b, label = (name) => name) {
  const left = `val/${bench}/${DUAL_LEFT}`;
  const right = `val/${bench}/${DUAL_RIGHT}`;
  const acc = withGoal({ id: left, series: [series('dual', label(DUAL_LEFT), { x: b.x, y: b.accuracy })] }).series[0];
  const len = withGoal({ id: right, series: [series('dual', label(DUAL_RIGHT), { x: b.x, y: b.length })] }).series[0];
  return {
    id: `${left} & ${right}`,
    title: bench,
    section: `${DUAL_LEFT} and ${DUAL_RIGHT}`,
    sectionKind: 'benchmark',
    goal: 'max',
    // A length has no best point.
    series: [{ ...acc, axis: 'left' }, { ...len, axis: 'right', best: undefined }],
    dual: { left: { name: DUAL_LEFT, full: left }, right: { name: DUAL_RIGHT, full: right } },
  };
}

/** Figure 4: the sample in dual-axis mode, one chart per benchmark. */
export function dualAxisData() {
  const charts = [...dualAxisSample()].map(([bench, b]) => dualChart(bench, b));
  return { ...dataMessage('dual-axis.metrics.jsonl', charts, { dualAxis: DUAL_CHOICES }), runs: [{ id: 'dual', label: 'dual-axis' }] };
}

export const COMPARE_TITLE = 'Compare: grpo.metrics.jsonl, mel.metrics.jsonl, dual-axis.metrics.jsonl, series-a.metrics.jsonl, series-b.metrics.jsonl';

/**
 * A comparison of five logs: figure 1's two runs, the dual-axis run (its GAOKAO accuracy, or in
 * dual-axis mode its GAOKAO chart: only it has that benchmark) and figure 5's two runs.
 */
export function comparisonData({ dual = false } = {}) {
  const gaokao = dualAxisSample().get('GAOKAO');
  const dualRun = dual
    ? [dualChart('GAOKAO', gaokao, (name) => `dual-axis · ${name}`)]
    : [withGoal({ id: 'val/GAOKAO/accuracy', title: DUAL_LEFT, section: 'GAOKAO', sectionKind: 'benchmark', series: [series('dual', 'dual-axis', { x: gaokao.x, y: gaokao.accuracy })] })];
  const charts = [withGoal(figure1()), ...dualRun, ...figure5().map(withGoal)];
  return dataMessage(COMPARE_TITLE, charts, { runs: [...runsOf([charts[0]]), { id: 'dual', label: 'dual-axis' }, ...runsOf(charts.slice(2))], dualAxis: DUAL_CHOICES });
}

/**
 * A metric that only ever logged -Infinity (one step): nothing finite to draw. As the host sends it, the
 * point is NaN (downsampling makes every non-finite value a gap) and the counts say what the log has.
 */
export function noFiniteData() {
  const only = { ...series('A', 'Series A', { x: [7], y: [NaN] }), nonFinite: { nan: 0, posInf: 0, negInf: 1 } };
  const charts = [withGoal({ id: 'actor/grad_norm_log', title: 'grad_norm_log', section: 'actor', sectionKind: 'diagnostic', series: [only] })];
  return dataMessage('malformed.metrics.jsonl', charts);
}

/** `n` runs of one metric, each a straight line a little above the one before, for the palette. */
export function manyRunsData(n) {
  const runs = Array.from({ length: n }, (_, i) => series(`run-${i + 1}`, `run-${i + 1}`, points([[0, i], [10, i + 0.5], [20, i + 0.8]])));
  const charts = [withGoal({ id: 'val/math500/acc', title: 'acc', section: 'math500', sectionKind: 'benchmark', series: runs })];
  return dataMessage(`Compare: ${n} runs`, charts);
}

// ---- seed groups: samples/seeds, three seeds each of GRPO and DAPO ----
export const SEEDS_METRIC = 'val-core/MATH500/acc/mean@1';
const SEED_RUNS = ['drgrpo-seed1', 'drgrpo-seed2', 'drgrpo-seed3', 'dapo-seed1', 'dapo-seed2', 'dapo-seed3'];

/** One seed log's MATH500 points. */
function seedSample(run) {
  const lines = fs.readFileSync(path.join(SAMPLES, 'seeds', `${run}.metrics.jsonl`), 'utf8').split('\n').filter((l) => l.trim());
  const keys = lines.map((l) => JSON.parse(l)).filter((r) => SEEDS_METRIC in r).map((r) => [r.step, r[SEEDS_METRIC]]);
  return points(keys);
}

/** The groups the host finds in the six logs (their names differ only by the seed). */
export const SEED_GROUPS = ['drgrpo', 'dapo'].map((method) => ({
  id: `group\u0000${method}`,
  label: `${method} (3 seeds)`,
  members: [1, 2, 3].map((seed) => `${method}-seed${seed}`),
}));

/**
 * The six runs' MATH500 chart: each run on its own, or each group as its mean with a min–max band. The
 * seeds validate at the same steps, so every member's value at a step is its own (dapo-seed3 stops at
 * 120: two members after that).
 */
export function seedsData({ grouped = false } = {}) {
  const runs = SEED_RUNS.map((run) => ({ run, ...seedSample(run) }));
  const separate = runs.map((r) => series(r.run, r.run, r));
  const groupSeries = SEED_GROUPS.map((g) => {
    const members = runs.filter((r) => g.members.includes(r.run));
    const x = [...new Set(members.flatMap((m) => m.x))].sort((a, b) => a - b);
    const at = x.map((step) => members.filter((m) => m.x.includes(step)).map((m) => m.y[m.x.indexOf(step)]));
    const s = series(g.id, g.label, { x, y: at.map((v) => v.reduce((a, b) => a + b, 0) / v.length) });
    return { ...s, band: { lower: at.map((v) => Math.min(...v)), upper: at.map((v) => Math.max(...v)), count: at.map((v) => v.length) } };
  });
  const chart = withGoal({ id: SEEDS_METRIC, title: 'acc/mean@1', section: 'MATH500', sectionKind: 'benchmark', series: grouped ? groupSeries : separate });
  return { ...dataMessage('Compare: 6 runs', [chart]), runs: SEED_RUNS.map((id) => ({ id, label: id })), groups: SEED_GROUPS };
}

/**
 * The first data as the host sends it once the summary asks for a step and a threshold: each series'
 * value at the step (or the last finite one before it) and its first point reaching the threshold.
 */
export function askedData(step, threshold) {
  const message = firstData();
  for (const chart of message.charts) {
    chart.series = chart.series.map((s) => {
      let at;
      let reached;
      for (let i = 0; i < s.x.length; i++) {
        if (!Number.isFinite(s.y[i])) continue;
        const point = { step: s.x[i], x: s.x[i], value: s.y[i] };
        if (s.x[i] <= step) at = point;
        if (!reached && (chart.goal === 'min' ? s.y[i] <= threshold : s.y[i] >= threshold)) reached = point;
      }
      return { ...s, at, reached };
    });
  }
  return message;
}

// ---- x axis by a logged metric: tokens seen ----
export const TOKENS = 'perf/total_num_tokens';

/**
 * drgrpo-seed1 and dapo-seed1's MATH500 chart, against steps, or (`againstTokens`) against the tokens
 * seen by each validation step, each point keeping its step; the host offers the tokens as an x axis.
 */
export function tokensData({ againstTokens = false } = {}) {
  const runs = ['drgrpo-seed1', 'dapo-seed1'].map((run) => {
    const records = fs
      .readFileSync(path.join(SAMPLES, 'seeds', `${run}.metrics.jsonl`), 'utf8')
      .split('\n')
      .filter((l) => l.trim())
      .map((l) => JSON.parse(l))
      .filter((r) => SEEDS_METRIC in r);
    const steps = records.map((r) => r.step);
    const y = records.map((r) => r[SEEDS_METRIC]);
    const s = series(run, run, { x: againstTokens ? records.map((r) => r[TOKENS]) : steps, y });
    return againstTokens ? { ...s, steps } : s;
  });
  const chart = withGoal({ id: SEEDS_METRIC, title: 'acc/mean@1', section: 'MATH500', sectionKind: 'benchmark', series: runs });
  const message = { ...dataMessage('Compare: drgrpo-seed1 vs dapo-seed1', [chart]), xMetrics: [TOKENS] };
  return againstTokens ? { ...message, xAxis: `metric:${TOKENS}` } : message;
}
