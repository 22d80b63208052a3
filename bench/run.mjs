// Benchmark of the metrics-log parser and the host's reads on large generated logs (issues #7, #14). Run
// with `npm run bench` (compiles the core into out/ first); add `--large` for a 1 GB log and a 4 GB log
// as well. Logs are generated once into bench-results/tmp/ (git-ignored, bench/logs.mjs) and reused.
// Prints a table and writes bench/RESULTS.md (bench/report.mjs).
//
// Every figure is a ratio against a baseline measured in the same run on the same machine:
// - parse throughput vs the obvious way (decode, split lines, JSON.parse each, append to columns);
// - parsing with worker threads vs one thread (wall time), and how busy the host's thread stays;
// - time to first data (read the file, parse the first chunk) vs reading the file alone;
// - peak memory (RSS and JS heap, in a fresh process: bench/memory.mjs) vs the file size;
// - downsampling time per million points;
// - the host's reads (bench/live.mjs, bench/host.mjs): opening a log, its first partial chart, and
//   1,000 lines appended, by ranged reads vs the previous host's whole-file read on every change;
// - rendering 10 runs × 1M points in Chromium vs Chart.js with all points (bench/render.mjs).
import { statSync, writeFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { availableParallelism, loadavg } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { WORKER_SCRIPT } from './host.mjs';
import { benchLive } from './live.mjs';
import { GB, SHAPES, ensureLargeLog, ensureLog, freeBytes } from './logs.mjs';
import { memoryOf } from './memory.mjs';
import { baselineParse, digest, scannerParse, threadsParse } from './parsers.mjs';
import { report } from './report.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);
const { Column } = require(join(root, 'out/src/core/column.js'));
const { downsample } = require(join(root, 'out/src/core/downsample.js'));
const { WorkerPool } = require(join(root, 'out/src/workerPool.js'));
const { prng } = require(join(root, 'out/test/unit/helpers.js'));

/** Copies of the 1 GB log in the large log (--large). */
const LARGE_COPIES = 4;
/** The large log is not written with less free disk than this. */
const LARGE_MIN_FREE = 10 * GB;

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
    digest: scannerDigest,
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

function benchDownsample() {
  const n = 1_000_000;
  const rand = prng(3);
  const column = new Column();
  for (let i = 0; i < n; i++) column.append(i, Math.sin(i / 1000) + rand() * 0.2);
  const runs = [];
  for (let i = 0; i < 15; i++) runs.push(time(() => downsample(column, 1000)).ms);
  return median(runs);
}

async function main() {
  const large = process.argv.slice(2).includes('--large');
  const runs = [
    { shape: 'compact', log: { steps: 200_000 }, reps: 5, baselineReps: 3 },
    { shape: 'full', log: { megabytes: 130 }, reps: 5, baselineReps: 3, liveReps: 5 },
  ];
  if (large) runs.push({ shape: 'full', log: { megabytes: 1024 }, reps: 3, baselineReps: 1, liveReps: 5 });
  const load = [loadavg()[0]];
  const results = [];
  for (const run of runs) {
    const path = ensureLog(run.shape, run.log);
    console.error(`benchmarking ${path}`);
    const result = { title: SHAPES[run.shape].title, ...(await benchFile(path, run)) };
    if (run.liveReps) {
      console.error(`benchmarking the host's reads of ${path}`);
      result.live = await benchLive(run.shape, path, run.liveReps, result.digest, result.memory.threads);
    }
    results.push(result);
  }
  const largest = large ? results[results.length - 1] : undefined;
  let largeLog;
  if (largest) {
    console.error(`${(freeBytes() / GB).toFixed(1)} GB free for bench-results/tmp/`);
    const made = ensureLargeLog(ensureLog('full', { megabytes: 1024 }), LARGE_COPIES, LARGE_MIN_FREE);
    largeLog = { title: `${LARGE_COPIES} copies of the 1 GB log, steps shifted`, large: true, skipped: made.skipped };
    if (made.skipped) console.error(`not benchmarking a ${LARGE_COPIES} GB log: ${made.skipped}`);
    else {
      console.error(`benchmarking the host's reads of ${made.path}`);
      largeLog.live = await benchLive('full', made.path, 5, {
        points: LARGE_COPIES * largest.points,
      });
      largeLog.size = largeLog.live.size;
    }
  }
  const downsampleMs = benchDownsample();
  console.error('benchmarking the sidebar on a workspace of many logs');
  const { benchSidebar, sidebarReport } = await import('./sidebar.mjs');
  const sidebarText = sidebarReport(await benchSidebar({ large }));
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
  const text = report(results, largeLog, downsampleMs, large, load) + '\n' + sidebarText + '\n' + renderText;
  process.stdout.write(text);
  writeFileSync(join(root, 'bench/RESULTS.md'), text);
  if (results.some((r) => !r.same || !r.threads.same)) {
    console.error('the parser and the baseline disagree');
    process.exitCode = 1;
  }
  if ([...results, largeLog ?? {}].some((r) => r.live && !r.live.same)) {
    console.error("the host's ranged reads and the parser of the whole bytes disagree");
    process.exitCode = 1;
  }
}

await main();
