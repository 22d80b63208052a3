// The extension host's read path on a Node host, as src/logFile.ts drives it, without vscode:
// src/localFile.ts's ranged reads (as src/nodeFileBytes.ts opens local files), src/core/read.ts's readLog with a
// WorkerPool for large reads, and the append check against the first and last 4 KB kept from the
// previous read. And what the host did before (a whole-file read on every change), for the baselines.
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);
const { CHUNK_BYTES, MetricsLogParser } = require(join(root, 'out/src/core/jsonl.js'));
const { readLog } = require(join(root, 'out/src/core/read.js'));
const { ColumnMemo, DEFAULT_SETTINGS, buildCharts } = require(join(root, 'out/src/core/charts.js'));
const { runsOfParser } = require(join(root, 'out/src/core/viewModel.js'));
const { WorkerPool } = require(join(root, 'out/src/workerPool.js'));
const { openLocalPath } = require(join(root, 'out/src/localFile.js'));

/** The worker threads' script, compiled with the tests (the extension bundles the same source as dist/parseWorker.js). */
export const WORKER_SCRIPT = join(root, 'out/src/parseWorker.js');
/** Plot width the host downsamples to in the host-side benchmarks (CSS px). */
export const CHART_WIDTH = 600;
/** src/logFile.ts's SAMPLE_BYTES: the first and last bytes kept to tell an append from a rewrite. */
const SAMPLE_BYTES = 4096;
export { CHUNK_BYTES, ColumnMemo };

/** The worker threads as the host has them: one pool for the session, threads started when parts come. */
export const createPool = () => WorkerPool.create(WORKER_SCRIPT);

/**
 * The host's charts of one view of a parsed log (every metric, one chart each), with what the view keeps
 * of its columns (`memo`, src/chartView.ts): a fresh one unless given.
 */
export function chartsOf(parser, memo = new ColumnMemo()) {
  return buildCharts(runsOfParser(parser), CHART_WIDTH, undefined, DEFAULT_SETTINGS, memo);
}

/** src/nodeFileBytes.ts's openLocalFile: the file's size when opened, and its bytes by ranges. */
export const openRanged = openLocalPath;

/** src/logFile.ts's matches: whether the file holds `expected` at `offset`. */
async function matches(file, offset, expected) {
  if (offset < 0 || offset + expected.length > file.size) return false;
  const bytes = await file.read(offset, offset + expected.length);
  return bytes.length === expected.length && bytes.every((byte, i) => byte === expected[i]);
}

const pause = () => new Promise((resolve) => setImmediate(resolve));

/** A ReadHost: `parsed` is told of each chunk; the read stops once `cancelled` says so. */
function readHost(parsed = () => {}, cancelled = () => false) {
  return { parsed, cancelled, pause };
}

/**
 * A log as the host holds it after a read: its parser (finished), how many bytes it parsed, and the
 * first and last SAMPLE_BYTES of them. Reads the file's first `size` bytes (the file as it was then).
 */
export async function openLog(path, size, pool, defaultRun = 'bench') {
  const file = await openRanged(path);
  try {
    const parser = new MetricsLogParser(defaultRun);
    const how = await readLog(parser, file.read, 0, size, readHost(), pool);
    parser.finish();
    const head = await file.read(0, Math.min(size, SAMPLE_BYTES));
    const tail = await file.read(Math.max(0, size - SAMPLE_BYTES), size);
    return { parser, bytesParsed: size, head, tail, how };
  } finally {
    await file.close();
  }
}

/**
 * What the host does when the log changed: open it, check that the bytes it parsed are still there (its
 * first and last 4 KB), read and parse only the new bytes, finish, keep the new samples; then the view
 * builds its charts, extending what it kept of the columns (`log.memo`). Returns the times (CPU, and wall) at the end of the read and after buildCharts.
 */
export async function appendAsHost(log, path, pool) {
  const cpu = process.cpuUsage();
  const wall = performance.now();
  const file = await openRanged(path);
  let read;
  try {
    const appended =
      file.size > log.bytesParsed &&
      (await matches(file, 0, log.head)) &&
      (await matches(file, log.bytesParsed - log.tail.length, log.tail));
    if (!appended) throw new Error(`${path} was not appended to`);
    await readLog(log.parser, file.read, log.bytesParsed, file.size, readHost(), pool);
    log.parser.finish();
    log.bytesParsed = file.size;
    log.head = await file.read(0, Math.min(file.size, SAMPLE_BYTES));
    log.tail = await file.read(Math.max(0, file.size - SAMPLE_BYTES), file.size);
  } finally {
    await file.close();
    read = since(cpu, wall);
  }
  // As the view does after an append (src/chartView.ts): its summaries are extended, not built again.
  log.memo = (log.memo ?? new ColumnMemo()).appended();
  const charts = chartsOf(log.parser, log.memo);
  return { read, total: since(cpu, wall), charts };
}

/**
 * What the host did before: read the whole file (vscode.workspace.fs.readFile has no ranged read), parse
 * only the bytes after the ones already parsed, and rebuild the charts. Throws what readFile throws (a
 * file over 2 GiB: ERR_FS_FILE_TOO_LARGE).
 */
export async function appendAsBefore(log, path) {
  const cpu = process.cpuUsage();
  const wall = performance.now();
  const bytes = await readFile(path);
  log.parser.push(bytes.subarray(log.bytesParsed));
  log.parser.finish();
  const read = since(cpu, wall);
  chartsOf(log.parser);
  const total = since(cpu, wall);
  log.bytesParsed = bytes.length;
  log.head = bytes.slice(0, SAMPLE_BYTES);
  log.tail = bytes.slice(Math.max(0, bytes.length - SAMPLE_BYTES));
  return { read, total };
}

/**
 * The host's first read of a log until its first charts: open, the first chunk read and parsed
 * (readLog, with the worker threads as for any read: the first chunk is parsed here before any part),
 * then the view builds its charts of that chunk; the read is then cancelled (the bench stops there).
 */
export async function firstChartAsHost(path, pool) {
  const cpu = process.cpuUsage();
  const wall = performance.now();
  const file = await openRanged(path);
  const parser = new MetricsLogParser('bench');
  let result;
  try {
    await matches(file, 0, new Uint8Array(0));
    await readLog(
      parser,
      file.read,
      0,
      file.size,
      readHost(
        () => {
          if (result) return;
          const read = since(cpu, wall);
          const charts = chartsOf(parser);
          result = { read, total: since(cpu, wall), charts: charts.length };
        },
        () => result !== undefined,
      ),
      pool,
    );
  } finally {
    await file.close();
  }
  if (!result) throw new Error(`${path} is not larger than a chunk`);
  return result;
}

/** What the host did before for its first charts: read the whole file, parse its first chunk, build the charts. */
export async function firstChartAsBefore(path) {
  const cpu = process.cpuUsage();
  const wall = performance.now();
  const bytes = await readFile(path);
  const parser = new MetricsLogParser('bench');
  parser.push(bytes.subarray(0, CHUNK_BYTES));
  const read = since(cpu, wall);
  const charts = chartsOf(parser);
  return { read, total: since(cpu, wall), charts: charts.length };
}

/** CPU time (user + system, all threads) and wall time since the marks, in ms. */
export function since(cpu, wall) {
  const used = process.cpuUsage(cpu);
  return { cpu: (used.user + used.system) / 1000, wall: performance.now() - wall };
}
