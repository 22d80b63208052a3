// Benchmark of the metrics-log parser on large generated logs (issue #7). Run with `npm run bench`
// (compiles the core into out/ first); add `--large` for a 1 GB log as well. Logs are generated once
// into bench-results/tmp/ (git-ignored) and reused. Prints a table and writes bench/RESULTS.md.
//
// Every figure is a ratio against a baseline measured in the same run on the same machine:
// - parse throughput vs the obvious way (decode, split lines, JSON.parse each, append to columns);
// - parsing with worker threads vs one thread (wall time), and how busy the host's thread stays;
// - time to first data (read the file, parse the first chunk) vs reading the file alone;
// - peak memory (RSS and JS heap, in a fresh process) vs the file size;
// - downsampling time per million points;
// - live append: 1,000 lines added to the log, reading and parsing only them, vs re-reading the file;
// - first partial chart: read the file, parse the first chunk, build the charts;
// - rendering 10 runs × 1M points in Chromium vs Chart.js with all points (bench/render.mjs).
import { spawnSync } from 'node:child_process';
import {
  appendFileSync,
  closeSync,
  copyFileSync,
  existsSync,
  mkdirSync,
  openSync,
  renameSync,
  statSync,
  writeFileSync,
  writeSync,
} from 'node:fs';
import { open, readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { availableParallelism, cpus, loadavg, totalmem } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);
const { MetricsLogParser } = require(join(root, 'out/src/core/jsonl.js'));
const { Column } = require(join(root, 'out/src/core/column.js'));
const { downsample } = require(join(root, 'out/src/core/downsample.js'));
const { buildCharts } = require(join(root, 'out/src/core/charts.js'));
const { runsOfParser } = require(join(root, 'out/src/core/viewModel.js'));
const { PARALLEL_BYTES, PART_BYTES } = require(join(root, 'out/src/core/parts/index.js'));
const { WorkerPool } = require(join(root, 'out/src/workerPool.js'));
/** The worker threads' script, compiled with the tests (the extension bundles the same source as dist/parseWorker.js). */
const WORKER_SCRIPT = join(root, 'out/src/parseWorker.js');
// Deterministic (mulberry32), so every run benchmarks the same bytes; and a read in parts as the host does it.
const { prng, readInParts } = require(join(root, 'out/test/unit/helpers.js'));

const TMP = join(root, 'bench-results/tmp');
/** Chunk size the host pushes (src/logFile.ts uses the same). */
const CHUNK = 4 << 20;
const MB = 1 << 20;
/** Plot width the host downsamples to in the host-side benchmarks (CSS px). */
const CHART_WIDTH = 600;
/** Lines appended for the live-append benchmark. */
const APPENDED_LINES = 1000;

// ---------------------------------------------------------------------------------------------------
// Log generation. Two shapes, about 130 MB each:
// - compact: 40 metrics every step for 200k steps, short names, values rounded to 4 decimals (the
//   shape of issue #7's numbers);
// - full precision: verl-style names, most values as Python's json writes a float from a float32 or
//   float64 tensor (shortest round-trip repr, 16-17 significant digits), some rounded, some counts;
//   30 training metrics per step and 10 validation metrics every 10 steps.

const TRAIN_KEYS = [
  'actor/pg_loss',
  'actor/entropy',
  'actor/kl_loss',
  'actor/kl_coef',
  'actor/pg_clipfrac',
  'actor/ppo_kl',
  'actor/grad_norm',
  'actor/lr',
  'critic/score/mean',
  'critic/score/max',
  'critic/score/min',
  'critic/rewards/mean',
  'critic/rewards/max',
  'critic/rewards/min',
  'critic/advantages/mean',
  'critic/advantages/max',
  'critic/advantages/min',
  'critic/returns/mean',
  'response_length/mean',
  'response_length/max',
  'response_length/min',
  'response_length/clip_ratio',
  'prompt_length/mean',
  'prompt_length/max',
  'timing_s/gen',
  'timing_s/update_actor',
  'timing_s/step',
  'perf/throughput',
  'perf/max_memory_allocated_gb',
  'perf/total_num_tokens',
];
const VAL_KEYS = Array.from({ length: 10 }, (_, i) => `val-core/bench${i}/acc/mean@4`);

function fullValue(rand, i, step) {
  const x = Math.abs(Math.sin(step / 500 + i)) * (1 + i) + rand() * 0.1;
  switch (i % 5) {
    case 0:
    case 1:
      return String(Math.fround(x)); // a float32 tensor's .item()
    case 2:
      return String(x); // a float64 mean
    case 3:
      return x.toFixed(4); // rounded by the trainer
    default:
      return String(Math.round(x * 1000)); // a count
  }
}

const SHAPES = {
  compact: {
    title: 'compact (40 metrics × 200k steps, 4 decimals)',
    line(rand, step) {
      let text = `{"step": ${step}`;
      for (let i = 0; i < 40; i++) text += `, "m${i}": ${(rand() * (i + 1)).toFixed(4)}`;
      return text + '}\n';
    },
  },
  full: {
    title: 'full precision (verl-style, 16-17 digit floats)',
    line(rand, step) {
      let text = `{"step": ${step}, "timestamp": ${String(1712345678.25 + step * 12.5 + rand())}`;
      for (let i = 0; i < TRAIN_KEYS.length; i++) text += `, "${TRAIN_KEYS[i]}": ${fullValue(rand, i, step)}`;
      if (step % 10 === 0)
        for (let i = 0; i < VAL_KEYS.length; i++) text += `, "${VAL_KEYS[i]}": ${fullValue(rand, i, step)}`;
      return text + '}\n';
    },
  },
};

/** A log of `shape` with `steps` steps, or about `megabytes` MB; generated once and reused. */
function ensureLog(shape, { steps = Infinity, megabytes = Infinity }) {
  const path = join(TMP, `${shape}-${steps === Infinity ? `${megabytes}MB` : `${steps}steps`}.metrics.jsonl`);
  if (existsSync(path)) return path;
  console.error(`generating ${path}`);
  mkdirSync(TMP, { recursive: true });
  const partial = `${path}.partial`;
  const fd = openSync(partial, 'w');
  const rand = prng(7);
  const target = megabytes * MB;
  let written = 0;
  for (let step = 0; step < steps && written < target;) {
    let block = '';
    while (block.length < 8 * MB && step < steps && written + block.length < target)
      block += SHAPES[shape].line(rand, step++);
    written += writeSync(fd, block);
  }
  closeSync(fd);
  renameSync(partial, path);
  return path;
}

// ---------------------------------------------------------------------------------------------------
// Parsers under test.

/** The baseline: decode, split lines, JSON.parse each, flatten into columns (chunked: V8 strings stop at 512 MB). */
function baselineParse(bytes) {
  const columns = new Map();
  const decoder = new TextDecoder();
  let rest = '';
  const flat = (obj, prefix, step) => {
    for (const key in obj) {
      const v = obj[key];
      if (key === 'step' || key === 'timestamp') continue;
      if (typeof v === 'number') {
        let column = columns.get(prefix + key);
        if (!column) columns.set(prefix + key, (column = new Column()));
        column.append(step, v);
      } else if (v !== null && typeof v === 'object') {
        flat(v, prefix + key + '/', step);
      }
    }
  };
  for (let offset = 0; offset < bytes.length; offset += 64 * MB) {
    const text = rest + decoder.decode(bytes.subarray(offset, offset + 64 * MB), { stream: true });
    const lines = text.split('\n');
    rest = lines.pop();
    for (const l of lines) {
      if (l.length === 0) continue;
      const record = JSON.parse(l);
      flat(record, '', record.step);
    }
  }
  return columns;
}

/** The parser as the host drives it: the file's bytes pushed in chunks, then finish(). */
function scannerParse(bytes, onChunk) {
  const parser = new MetricsLogParser('bench');
  for (let offset = 0; offset < bytes.length; offset += CHUNK) {
    parser.push(bytes.subarray(offset, offset + CHUNK));
    onChunk?.(parser);
  }
  parser.finish();
  return parser;
}

/**
 * The parser as the host drives it on a Node host for a large read: the first chunk here, then parts
 * parsed by worker threads (a new pool, as the host starts threads for each large read) and merged here
 * in order; a refused part is pushed here.
 */
async function threadsParse(bytes) {
  const pool = WorkerPool.create(WORKER_SCRIPT);
  if (!pool) throw new Error('worker threads need at least two cores');
  const read = await readInParts(bytes, pool, PART_BYTES, Infinity, 'bench');
  pool.dispose();
  return read;
}

// ---------------------------------------------------------------------------------------------------
// Measuring.

function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/**
 * CPU time (user + system, all threads: GC helpers count) rather than wall time: on a shared machine
 * the wall time also counts waiting for a core, which would make the ratios depend on other load.
 */
function time(fn) {
  const start = process.cpuUsage();
  const result = fn();
  const used = process.cpuUsage(start);
  return { ms: (used.user + used.system) / 1000, result };
}

async function timeAsync(fn) {
  const start = process.cpuUsage();
  const result = await fn();
  const used = process.cpuUsage(start);
  return { ms: (used.user + used.system) / 1000, result };
}

/** Points and a checksum of every column, to check that both parsers read the same numbers. */
function digest(columns) {
  let points = 0;
  let sum = 0;
  for (const column of columns.values()) {
    points += column.length;
    for (let i = 0; i < column.length; i++) sum += column.values[i] * ((i % 7) + 1);
  }
  return { points, sum };
}

/** Peak memory of one parse in a fresh process (this file run with --memory). */
function memoryOf(which, path) {
  const child = spawnSync(process.execPath, ['--expose-gc', fileURLToPath(import.meta.url), '--memory', which, path], {
    encoding: 'utf8',
    maxBuffer: 1 << 20,
  });
  if (child.status !== 0) return { error: (child.stderr || `exit ${child.status}`).trim().split('\n').pop() };
  return JSON.parse(child.stdout);
}

/** Child-process side of memoryOf: read the file, parse it, and report the peak RSS and heap seen. */
async function memoryChild(which, path) {
  globalThis.gc();
  const before = process.memoryUsage();
  let peakRss = before.rss;
  let peakHeap = before.heapUsed;
  const sample = () => {
    const m = process.memoryUsage();
    peakRss = Math.max(peakRss, m.rss);
    peakHeap = Math.max(peakHeap, m.heapUsed);
  };
  const timer = setInterval(sample, 5);
  // In a function, so the file's bytes are garbage once it returns and only the columns stay.
  const readAndParse = async () => {
    const bytes = await readFile(path);
    sample();
    // The parser itself is kept, as the host keeps it.
    const parsed =
      which === 'scanner'
        ? scannerParse(bytes, sample)
        : which === 'threads'
          ? (await threadsParse(bytes)).parser
          : baselineParse(bytes);
    sample();
    return { size: bytes.length, parsed };
  };
  const { size, parsed } = await readAndParse();
  clearInterval(timer);
  // A few collections with turns of the event loop between: one alone sometimes left the file's bytes.
  for (let i = 0; i < 3; i++) {
    globalThis.gc();
    await new Promise((resolve) => setImmediate(resolve));
  }
  const after = process.memoryUsage();
  process.stdout.write(
    JSON.stringify({
      size,
      baseRss: before.rss,
      peakRss,
      peakHeap,
      retainedHeap: after.heapUsed - before.heapUsed,
      retainedArrayBuffers: after.arrayBuffers - before.arrayBuffers,
      kept: parsed !== undefined,
    }),
  );
}

async function benchFile(path, { reps, baselineReps }) {
  const size = statSync(path).size;
  const read = [];
  for (let i = 0; i < reps; i++) read.push((await timeAsync(() => readFile(path))).ms);
  const bytes = await readFile(path);

  // Interleaved, so both see the same machine load.
  const baseline = [];
  const scanner = [];
  const firstChunk = [];
  let baselineDigest;
  let scannerDigest;
  for (let i = 0; i < reps; i++) {
    if (i < baselineReps) {
      const { ms, result } = time(() => baselineParse(bytes));
      baseline.push(ms);
      baselineDigest = digest(result);
    }
    let first;
    const start = process.cpuUsage();
    const { ms, result } = time(() =>
      scannerParse(bytes, () => {
        if (first === undefined) {
          const used = process.cpuUsage(start);
          first = (used.user + used.system) / 1000;
        }
      }),
    );
    scanner.push(ms);
    firstChunk.push(first);
    scannerDigest = digest(result.runs.get('bench').metrics);
  }

  return {
    size,
    readMs: median(read),
    baselineMs: baseline.length ? median(baseline) : undefined,
    // Each baseline run against the parser run right after it: the machine's speed drifts between runs.
    speedup: baseline.length ? median(baseline.map((ms, i) => ms / scanner[i])) : undefined,
    scannerMs: median(scanner),
    scannerColdMs: scanner[0],
    firstChunkMs: median(firstChunk),
    same: baselineDigest === undefined || JSON.stringify(baselineDigest) === JSON.stringify(scannerDigest),
    points: scannerDigest.points,
    memory: {
      scanner: memoryOf('scanner', path),
      baseline: baselineReps ? memoryOf('baseline', path) : undefined,
      threads: memoryOf('threads', path),
    },
    threads: await benchThreads(bytes, scannerDigest, reps),
  };
}

/**
 * Worker threads against one thread, in wall time (CPU time would add up the threads), interleaved;
 * and how long this thread (the extension host's) was busy during the threaded parse: its event-loop
 * utilisation, i.e. what it could not spend on other extensions.
 */
async function benchThreads(bytes, oneThreadDigest, reps) {
  const one = [];
  const many = [];
  const busy = [];
  let same = true;
  let counts;
  for (let i = 0; i < reps; i++) {
    let start = performance.now();
    scannerParse(bytes);
    one.push(performance.now() - start);
    const utilisation = performance.eventLoopUtilization();
    start = performance.now();
    const { parser, parts, merged } = await threadsParse(bytes);
    many.push(performance.now() - start);
    busy.push(performance.eventLoopUtilization(utilisation).active);
    counts = { parts, merged };
    same &&= JSON.stringify(digest(parser.runs.get('bench').metrics)) === JSON.stringify(oneThreadDigest);
  }
  return {
    oneMs: median(one),
    manyMs: median(many),
    busyMs: median(busy),
    threads: Math.min(4, availableParallelism()),
    same,
    ...counts,
    ceiling: await threadsCeiling(bytes, reps),
  };
}

/**
 * What two threads can gain on this machine, whatever the merging: warm threads parse the file's first
 * half, one alone, then two at once (each its own copy). Two cores give 2×; cores that share a memory
 * bus or are one core's hyper-threads give less.
 */
async function threadsCeiling(bytes, reps) {
  const pool = WorkerPool.create(WORKER_SCRIPT, 2);
  const half = bytes.subarray(0, bytes.lastIndexOf(10, bytes.length >> 1) + 1);
  const parse = () => pool.parse(half, 'bench', () => false);
  await Promise.all([parse(), parse()]);
  const alone = [];
  const together = [];
  for (let i = 0; i < reps; i++) {
    let start = performance.now();
    await parse();
    alone.push(performance.now() - start);
    start = performance.now();
    await Promise.all([parse(), parse()]);
    together.push(performance.now() - start);
  }
  pool.dispose();
  return { aloneMs: median(alone), togetherMs: median(together) };
}

function countLines(bytes) {
  let lines = 0;
  for (let i = bytes.indexOf(10); i >= 0; i = bytes.indexOf(10, i + 1)) lines++;
  return lines;
}

/** `path` with APPENDED_LINES more lines of its shape (the steps go on), written once next to it. */
function ensureAppended(shape, path, bytes) {
  const grown = path.replace(/\.metrics\.jsonl$/, `-plus${APPENDED_LINES}.metrics.jsonl`);
  if (existsSync(grown)) return grown;
  console.error(`generating ${grown}`);
  const steps = countLines(bytes);
  const rand = prng(11);
  let text = '';
  for (let step = steps; step < steps + APPENDED_LINES; step++) text += SHAPES[shape].line(rand, step);
  const partial = `${grown}.partial`;
  copyFileSync(path, partial);
  appendFileSync(partial, text);
  renameSync(partial, grown);
  return grown;
}

/** The host's charts of one view of a parsed log (every metric, one chart each). */
function chartsOf(parser) {
  return buildCharts(runsOfParser(parser), CHART_WIDTH);
}

/**
 * Live append: the log was parsed and shown, then APPENDED_LINES lines were added. Ours reads only
 * the new bytes (a ranged read), pushes them into the kept parser and rebuilds the view's charts. The
 * host today re-reads the whole file (vscode.workspace.fs.readFile has no ranged read), then parses
 * only the bytes after the ones already parsed, and rebuilds the charts.
 */
async function benchAppend(shape, path, reps) {
  const bytes = await readFile(path);
  const grown = ensureAppended(shape, path, bytes);
  const newBytes = statSync(grown).size - bytes.length;
  const lines = countLines(bytes) + APPENDED_LINES;
  const parsed = () => {
    const parser = scannerParse(bytes);
    chartsOf(parser);
    return parser;
  };
  const ranged = [];
  const whole = [];
  const rebuild = [];
  let charts = 0;
  let points = 0;
  for (let i = 0; i < reps; i++) {
    let parser = parsed();
    ranged.push(
      (
        await timeAsync(async () => {
          const file = await open(grown);
          const { size } = await file.stat();
          const tail = new Uint8Array(size - parser.bytesConsumed);
          await file.read(tail, 0, tail.length, parser.bytesConsumed);
          await file.close();
          parser.push(tail);
          parser.finish();
          const built = time(() => chartsOf(parser));
          rebuild.push(built.ms);
          charts = built.result.length;
          points = built.result.reduce((n, c) => n + c.series.reduce((m, s) => m + s.x.length, 0), 0);
        })
      ).ms,
    );
    parser = parsed();
    whole.push(
      (
        await timeAsync(async () => {
          const all = await readFile(grown);
          parser.push(all.subarray(parser.bytesConsumed));
          parser.finish();
          chartsOf(parser);
        })
      ).ms,
    );
    if (parser.lines !== lines) throw new Error('the appended lines were not all read');
  }
  return { newBytes, rangedMs: median(ranged), wholeMs: median(whole), rebuildMs: median(rebuild), charts, points };
}

/**
 * First partial chart, as the host does it: read the whole file (vscode.workspace.fs.readFile), parse
 * its first chunk, and build the charts of what that chunk held.
 */
async function benchFirstChart(path, reps) {
  const runs = [];
  let charts = 0;
  for (let i = 0; i < reps; i++) {
    runs.push(
      (
        await timeAsync(async () => {
          const bytes = await readFile(path);
          const parser = new MetricsLogParser('bench');
          parser.push(bytes.subarray(0, CHUNK));
          charts = chartsOf(parser).length;
        })
      ).ms,
    );
  }
  return { ms: median(runs), charts };
}

function benchDownsample() {
  const n = 1_000_000;
  const rand = prng(3);
  const column = new Column();
  for (let i = 0; i < n; i++) column.append(i, Math.sin(i / 1000) + rand() * 0.2);
  const runs = [];
  for (let i = 0; i < 15; i++) runs.push(time(() => downsample(column, 1000)).ms);
  return median(runs);
}

// ---------------------------------------------------------------------------------------------------
// Report.

const fmt = (x, digits = 0) => x.toFixed(digits);
const mb = (bytes) => `${fmt(bytes / MB)} MB`;

function report(results, downsampleMs, large, load) {
  const lines = [];
  lines.push('# Benchmarks');
  lines.push('');
  lines.push(
    `Generated by \`npm run bench${large ? ' -- --large' : ''}\` on ${new Date().toISOString().slice(0, 10)}: ` +
      `Node ${process.versions.node}, ${cpus().length} × ${cpus()[0]?.model.trim() ?? 'CPU'}, ${fmt(totalmem() / 2 ** 30, 1)} GB RAM. ` +
      'Times are CPU times (user + system), medians of 5 runs (baseline: 3) in one process, interleaved; ' +
      'the file is in the page cache. ' +
      `Load average (1 min) at the start and end: ${load.map((l) => fmt(l, 1)).join(' and ')} ` +
      '(other processes share the machine: wall times are inflated by about that much over the core count, CPU times less). ' +
      'Log shapes: see `bench/run.mjs`.',
  );
  lines.push('');
  lines.push('| | ' + results.map((r) => `${r.title}, ${mb(r.size)}`).join(' | ') + ' |');
  lines.push('|---|' + results.map(() => '---:|').join(''));
  const row = (label, f) => lines.push(`| ${label} | ${results.map(f).join(' | ')} |`);
  row('points parsed', (r) => `${fmt(r.points / 1e6, 1)} M`);
  row('read file (fs.readFile)', (r) => `${fmt(r.readMs)} ms`);
  row('baseline: split + JSON.parse + columns', (r) =>
    r.baselineMs ? `${fmt(r.baselineMs)} ms (${fmt(r.size / MB / (r.baselineMs / 1000))} MB/s)` : '—',
  );
  row('parser (4 MB pushes)', (r) => `${fmt(r.scannerMs)} ms (${fmt(r.size / MB / (r.scannerMs / 1000))} MB/s)`);
  row('parser, first run in the process (cold JIT)', (r) => `${fmt(r.scannerColdMs)} ms`);
  row('**parse speed-up vs baseline** (target ≥ 2.5×; median of each baseline run ÷ the parser run after it)', (r) =>
    r.speedup ? `**${fmt(r.speedup, 2)}×**` : '—',
  );
  row('same numbers as baseline', (r) => (r.baselineMs ? (r.same ? 'yes' : '**NO**') : '—'));
  row(
    'first data: read + first chunk',
    (r) => `${fmt(r.readMs + r.firstChunkMs)} ms (${fmt((r.readMs + r.firstChunkMs) / r.readMs, 2)}× read)`,
  );
  row(
    'whole file: read + parse',
    (r) => `${fmt(r.readMs + r.scannerMs)} ms (${fmt((r.readMs + r.scannerMs) / r.readMs, 1)}× read)`,
  );
  const memory = (m, key) =>
    m === undefined
      ? '—'
      : m.error
        ? `failed: ${m.error}`
        : `${mb(m[key] - (key === 'peakRss' ? m.baseRss : 0))} (${fmt((m[key] - (key === 'peakRss' ? m.baseRss : 0)) / m.size, 2)}× file)`;
  row('parser: peak RSS growth', (r) => memory(r.memory.scanner, 'peakRss'));
  row('parser: peak JS heap', (r) => memory(r.memory.scanner, 'peakHeap'));
  row('parser: columns kept (heap + typed arrays)', (r) =>
    r.memory.scanner.error
      ? '—'
      : `${mb(r.memory.scanner.retainedHeap + r.memory.scanner.retainedArrayBuffers)} (${fmt((r.memory.scanner.retainedHeap + r.memory.scanner.retainedArrayBuffers) / r.size, 2)}× file)`,
  );
  row('parser, one thread: wall time', (r) => `${fmt(r.threads.oneMs)} ms`);
  row(
    `parser, worker threads (${PART_BYTES / MB} MB parts, merged on the host's thread; the host uses them above ${PARALLEL_BYTES / MB} MB): wall time`,
    (r) =>
      `${fmt(r.threads.manyMs)} ms on ${r.threads.threads} threads (**${fmt(r.threads.oneMs / r.threads.manyMs, 2)}×** one thread; ${r.threads.merged} of ${r.threads.parts} parts merged)`,
  );
  row('the most two threads gain here: two warm threads parsing half the file each at once, vs one alone', (r) => {
    const { aloneMs, togetherMs } = r.threads.ceiling;
    return `${fmt(togetherMs)} ms vs ${fmt(aloneMs)} ms: **${fmt((2 * aloneMs) / togetherMs, 2)}×**`;
  });
  row(
    "worker threads: the host's thread busy meanwhile",
    (r) => `${fmt(r.threads.busyMs)} ms (${fmt((100 * r.threads.busyMs) / r.threads.manyMs)}% of the parse)`,
  );
  row('worker threads: same numbers as one thread', (r) => (r.threads.same ? 'yes' : '**NO**'));
  row('worker threads: peak RSS growth', (r) => memory(r.memory.threads, 'peakRss'));
  row('baseline: peak RSS growth', (r) => memory(r.memory.baseline, 'peakRss'));
  row('baseline: peak JS heap', (r) => memory(r.memory.baseline, 'peakHeap'));
  lines.push('');
  lines.push(
    `Downsampling (LTTB with extremes kept) 1 M points to 1,000: **${fmt(downsampleMs, 1)} ms** per 1 M points.`,
  );
  lines.push('');
  lines.push(
    "RSS growth includes the file's bytes (read whole, as `vscode.workspace.fs.readFile` does) and the columns " +
      "(a values array per metric, sized ahead from the file's size; steps shared with the run while a metric is logged at every step of it). " +
      'The baseline keeps a steps and a values array per metric, capacity doubling.',
  );
  const live = results.filter((r) => r.append);
  if (live.length > 0) {
    lines.push('');
    lines.push(`## Live append and first partial chart (charts of every metric built for a ${CHART_WIDTH} px plot)`);
    lines.push('');
    lines.push('| | ' + live.map((r) => `${r.title}, ${mb(r.size)}`).join(' | ') + ' |');
    lines.push('|---|' + live.map(() => '---:|').join(''));
    const liveRow = (label, f) => lines.push(`| ${label} | ${live.map(f).join(' | ')} |`);
    liveRow(
      `append ${APPENDED_LINES.toLocaleString('en')} lines: bytes added`,
      (r) => `${fmt(r.append.newBytes / 1024)} KB`,
    );
    liveRow(
      'append, ours: ranged read of the new bytes + push + finish + buildCharts (target ≤ 200 ms)',
      (r) =>
        `**${fmt(r.append.rangedMs)} ms** (${fmt(r.append.rangedMs / 200, 2)}× target; buildCharts ${fmt(r.append.rebuildMs)} ms for ${r.append.charts} charts, ${fmt(r.append.points / 1e3)} k points)`,
    );
    liveRow(
      'append, host today: re-read the whole file + parse the new bytes + buildCharts',
      (r) =>
        `${fmt(r.append.wholeMs)} ms (${fmt(r.append.wholeMs / 200, 2)}× target; ${fmt(r.append.wholeMs / r.append.rangedMs, 1)}× ours)`,
    );
    liveRow(
      'first partial chart: read file + parse first 4 MB + buildCharts (target ≤ 300 ms)',
      (r) => `**${fmt(r.firstChart.ms)} ms** (${fmt(r.firstChart.ms / 300, 2)}× target; ${r.firstChart.charts} charts)`,
    );
    lines.push('');
    lines.push(
      'The extension host today re-reads the whole file on every change: `vscode.workspace.fs` has no ranged read, ' +
        'so "host today" is what an append costs now, and "ours" what it costs once the host reads only the new ' +
        "bytes (e.g. Node's fs for `file:` URIs). The host also waits 100 ms (its update debounce) before building " +
        'the charts, and the first partial chart waits for the webview to draw it (see Render); neither is counted here.',
    );
  }
  return lines.join('\n') + '\n';
}

async function main() {
  const args = process.argv.slice(2);
  if (args[0] === '--memory') return memoryChild(args[1], args[2]);
  const large = args.includes('--large');
  const runs = [
    { shape: 'compact', log: { steps: 200_000 }, reps: 5, baselineReps: 3 },
    { shape: 'full', log: { megabytes: 130 }, reps: 5, baselineReps: 3, liveReps: 3 },
  ];
  if (large) runs.push({ shape: 'full', log: { megabytes: 1024 }, reps: 3, baselineReps: 1, liveReps: 1 });
  const load = [loadavg()[0]];
  const results = [];
  for (const run of runs) {
    const path = ensureLog(run.shape, run.log);
    console.error(`benchmarking ${path}`);
    const result = { title: SHAPES[run.shape].title, ...(await benchFile(path, run)) };
    if (run.liveReps) {
      result.append = await benchAppend(run.shape, path, run.liveReps);
      result.firstChart = await benchFirstChart(path, run.liveReps);
    }
    results.push(result);
  }
  const downsampleMs = benchDownsample();
  console.error('benchmarking rendering in Chromium');
  const { benchRender, renderReport } = await import('./render.mjs');
  let renderText;
  try {
    renderText = renderReport(await benchRender());
  } catch (e) {
    renderText = `## Render in Chromium\n\nNot measured: ${e instanceof Error ? e.message : String(e)}\n`;
    process.exitCode = 1;
  }
  load.push(loadavg()[0]);
  const text = report(results, downsampleMs, large, load) + '\n' + renderText;
  process.stdout.write(text);
  writeFileSync(join(root, 'bench/RESULTS.md'), text);
  if (results.some((r) => !r.same || !r.threads.same)) {
    console.error('the parser and the baseline disagree');
    process.exitCode = 1;
  }
}

await main();
