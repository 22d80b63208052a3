// The sidebar's cost on a workspace of many logs (issue #14), as src/workspaceRuns.ts and
// src/sidebarIndex.ts drive src/core/indexLog.ts, without vscode: every log indexed in one streamed pass
// (4 at a time, worker threads indexing whole logs), the indexes stored one file per log; a window reload
// (stored indexes read back, each log's size, mtime and first bytes checked, nothing else read); the
// memory the indexes hold; and the catalog of 10k runs × 1k metrics. Run alone: node bench/sidebar.mjs
// [--large] (after `npx tsc -p test/tsconfig.json`); bench/run.mjs runs it and reports it.
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createPool, openRanged, since } from './host.mjs';
import { GB, MB, SHAPES, TMP, freeBytes } from './logs.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);
const { MetricsLogParser } = require(join(root, 'out/src/core/jsonl.js'));
const { decodeStored, encodeStored, indexJsonLines } = require(join(root, 'out/src/core/indexLog.js'));
const { buildCatalog } = require(join(root, 'out/src/core/catalog.js'));
const { prng } = require(join(root, 'out/test/unit/helpers.js'));

/** Runs per log: a log of a sweep's seeds or of several methods. */
const RUNS_PER_LOG = 10;
/** Logs indexed at once (src/workspaceRuns.ts's CONCURRENT_READS). */
const CONCURRENT_READS = 4;
const WORKSPACES = {
  default: { logs: 100, megabytes: 2 },
  large: { logs: 1000, megabytes: 10 },
};

/** A log of RUNS_PER_LOG runs of the verl-style shape, their lines interleaved, of about `megabytes`. */
function ensureTemplate(megabytes) {
  const path = join(TMP, `sidebar-${megabytes}MB.metrics.jsonl`);
  if (existsSync(path)) return path;
  mkdirSync(TMP, { recursive: true });
  const rand = prng(11);
  const lines = [];
  let bytes = 0;
  for (let i = 0; bytes < megabytes * MB; i++) {
    const line = SHAPES.full.line(rand, Math.floor(i / RUNS_PER_LOG)).replace('{', `{"run": "r${i % RUNS_PER_LOG}", `);
    lines.push(line);
    bytes += line.length;
  }
  writeFileSync(path, lines.join(''));
  return path;
}

/** A folder of `logs` copies of the template (log-0001.metrics.jsonl, …), made once. */
function ensureWorkspace({ logs, megabytes }) {
  const folder = join(TMP, `sidebar-ws-${logs}x${megabytes}MB`);
  const done = join(folder, '.complete');
  if (existsSync(done)) return folder;
  const needed = logs * megabytes * MB;
  if (freeBytes() < needed + 5 * GB) return undefined;
  const template = ensureTemplate(megabytes);
  rmSync(folder, { recursive: true, force: true });
  mkdirSync(folder, { recursive: true });
  console.error(`generating ${folder} (${logs} logs of ${megabytes} MB)`);
  for (let i = 0; i < logs; i++) copyFileSync(template, join(folder, logName(i)));
  writeFileSync(done, '');
  return folder;
}

const logName = (i) => `log-${String(i).padStart(4, '0')}.metrics.jsonl`;

const pause = () => new Promise((resolve) => setImmediate(resolve));

/** Runs `work(i)` for i in [0, n), `limit` at a time. */
async function eachLimited(n, limit, work) {
  let next = 0;
  await Promise.all(
    Array.from({ length: limit }, async () => {
      while (next < n) await work(next++);
    }),
  );
}

/** Indexes each log of `folder` given what was stored of it (nothing the first time); stores the new index. */
async function indexWorkspace(folder, logs, store, pool) {
  const how = {};
  const runs = [];
  await eachLimited(logs, CONCURRENT_READS, async (i) => {
    const path = join(folder, logName(i));
    const storedPath = join(store, `${i}.json`);
    const known = existsSync(storedPath) ? decodeStored(path, readFileSync(storedPath, 'utf8')) : undefined;
    const file = await openRanged(path);
    let log;
    try {
      log = await indexJsonLines(path, file, known, { cancelled: () => false, pause, parts: pool });
    } finally {
      await file.close();
    }
    how[log.how] = (how[log.how] ?? 0) + 1;
    if (log.how !== 'stored') writeFileSync(storedPath, encodeStored(path, log));
    for (const run of log.runs)
      runs.push({ key: `${path}#${run.name}`, label: `${i}/${run.name}`, file: path, metrics: run.metrics });
  });
  return { how, runs };
}

/** The parser alone on the template's bytes in memory, one thread: the speed a pass is compared with. */
function parserSpeed(megabytes) {
  const bytes = readFileSync(ensureTemplate(megabytes));
  const times = [];
  for (let rep = 0; rep < 5; rep++) {
    const cpu = process.cpuUsage();
    const wall = performance.now();
    const parser = new MetricsLogParser('bench');
    for (let at = 0; at < bytes.length; at += 4 * MB) parser.push(bytes.subarray(at, at + 4 * MB));
    parser.finish();
    times.push(since(cpu, wall).wall);
  }
  times.sort((a, b) => a - b);
  return bytes.length / MB / (times[2] / 1000);
}

/**
 * The catalog of `runs` runs × `metrics` metrics: logs of RUNS_PER_LOG runs sharing their metrics, ten
 * different metric sets (a benchmark every tenth metric), and the baseline: one look-up and one read per
 * (run, metric) pair, the least a catalog that visits every pair does.
 */
function benchCatalog(runCount, metricCount) {
  const sets = Array.from({ length: 10 }, (_, set) =>
    Array.from({ length: metricCount }, (_, i) =>
      i % 10 === 0 ? `val-core/bench${i % 97}/acc/mean@${set}` : `actor/m${i}_${set % 3}`,
    ),
  );
  const runs = Array.from({ length: runCount }, (_, r) => {
    const log = Math.floor(r / RUNS_PER_LOG);
    const names = sets[log % sets.length];
    const metrics = new Map();
    for (const [i, name] of names.entries()) {
      const point = { step: 99, value: r + i };
      metrics.set(name, { points: 100, firstStep: 0, lastStep: 99, last: point, max: point, min: point });
    }
    return { key: `k${r}`, label: `log-${log}/r${r % RUNS_PER_LOG}`, file: `f${log}`, metrics };
  });
  globalThis.gc?.();
  const ours = [];
  const baseline = [];
  for (let rep = 0; rep < 3; rep++) {
    let wall = performance.now();
    const catalog = buildCatalog(runs);
    ours.push(performance.now() - wall);
    if (catalog.methods.length === 0) throw new Error('no methods in the catalog');
    wall = performance.now();
    let sum = 0;
    for (const run of runs) for (const name of run.metrics.keys()) sum += run.metrics.get(name).last.value;
    baseline.push(performance.now() - wall);
    if (!(sum > 0)) throw new Error('baseline visited nothing');
  }
  const median = (t) => t.sort((a, b) => a - b)[1];
  return { runs: runCount, metrics: metricCount, ms: median(ours), baselineMs: median(baseline) };
}

/** RSS growth of holding every stored index and the catalog built from them (in a fresh process). */
function memoryChild(folder, logs, store) {
  const child = spawnSync(
    process.execPath,
    ['--expose-gc', fileURLToPath(import.meta.url), '--memory', folder, String(logs), store],
    { encoding: 'utf8', maxBuffer: 1 << 20 },
  );
  if (child.status !== 0) return { error: (child.stderr || '').trim().split('\n').pop() };
  return JSON.parse(child.stdout);
}

async function memoryMain([folder, logs, store]) {
  globalThis.gc();
  const before = process.memoryUsage().rss;
  const { runs, how } = await indexWorkspace(folder, Number(logs), store, undefined);
  const catalog = buildCatalog(runs);
  globalThis.gc();
  const after = process.memoryUsage().rss;
  process.stdout.write(
    JSON.stringify({ growth: after - before, runs: runs.length, sections: catalog.benchmarks.length, how }),
  );
}

/** Every sidebar figure; undefined parts say why they were skipped. */
export async function benchSidebar({ large = false } = {}) {
  const shape = large ? WORKSPACES.large : WORKSPACES.default;
  const folder = ensureWorkspace(shape);
  const result = { ...shape, parserMBps: parserSpeed(shape.megabytes) };
  if (!folder) return { ...result, skipped: `fewer than ${shape.logs * shape.megabytes} MB + 5 GB free in ${TMP}` };
  const bytes = shape.logs * statSync(join(folder, logName(0))).size;
  const store = join(TMP, `sidebar-store-${shape.logs}`);
  rmSync(store, { recursive: true, force: true });
  mkdirSync(store, { recursive: true });
  const pool = createPool();
  try {
    let cpu = process.cpuUsage();
    let wall = performance.now();
    const first = await indexWorkspace(folder, shape.logs, store, pool);
    buildCatalog(first.runs);
    result.firstPass = { ...since(cpu, wall), how: first.how, runs: first.runs.length, bytes };
    cpu = process.cpuUsage();
    wall = performance.now();
    const reload = await indexWorkspace(folder, shape.logs, store, pool);
    buildCatalog(reload.runs);
    result.reload = { ...since(cpu, wall), how: reload.how, runs: reload.runs.length };
  } finally {
    pool?.dispose();
  }
  result.memory = { ...memoryChild(folder, shape.logs, store), bytes };
  result.catalog = benchCatalog(10_000, 1_000);
  return result;
}

const fmt = (v, digits = 0) => v.toFixed(digits);
const howText = (how) =>
  Object.entries(how)
    .map(([k, n]) => `${n} ${k}`)
    .join(', ');

/** The section of bench/RESULTS.md for the sidebar. */
export function sidebarReport(r) {
  const lines = ['## The sidebar on a workspace of many logs', ''];
  if (r.skipped) return [...lines, `Not measured: ${r.skipped}.`, ''].join('\n');
  const gb = r.firstPass.bytes / GB;
  const passMBps = r.firstPass.bytes / MB / (r.firstPass.wall / 1000);
  lines.push(
    `${r.logs} JSON-lines logs of ${r.megabytes} MB (${fmt(gb, 1)} GB, ${r.firstPass.runs} runs of ${RUNS_PER_LOG} per log, ` +
      `verl-style lines), indexed as \`src/workspaceRuns.ts\` does: ${CONCURRENT_READS} logs at a time, each read by ranges and ` +
      'indexed by a worker thread (logs of 1–64 MB) or streamed, the index (step range, last, best per metric) stored one file per log. ' +
      'Wall times; the parser alone is one thread parsing a log in memory, measured in the same run.',
    '',
    '| | figure | target |',
    '|---|---:|---|',
    `| first pass: every log read and indexed, catalog built | **${fmt(r.firstPass.wall)} ms** wall (${fmt(passMBps)} MB/s; ${fmt(r.firstPass.cpu)} ms CPU; ${howText(r.firstPass.how)}) | parser speed |`,
    `| parser alone, one thread (baseline) | ${fmt(r.parserMBps)} MB/s (the pass: **${fmt(passMBps / r.parserMBps, 2)}×** its speed) | |`,
    `| after a window reload: stored indexes read back, each log's size, mtime and first 4 KB checked, catalog built | **${fmt(r.reload.wall)} ms** wall (${howText(r.reload.how)}; ${fmt((r.reload.wall / r.firstPass.wall) * 100, 1)}% of the first pass) | ≤ 1000 ms |`,
  );
  if (r.memory.error)
    lines.push(
      `| host RSS with only the sidebar: indexes and catalog | not measured: ${r.memory.error} | ≤ 5% of the logs |`,
    );
  else
    lines.push(
      `| host RSS growth holding every index and the catalog (a fresh process) | **${fmt(r.memory.growth / MB)} MB** (${fmt((100 * r.memory.growth) / r.memory.bytes, 1)}% of the logs' ${fmt(r.memory.bytes / MB)} MB) | ≤ 5% of the logs |`,
    );
  lines.push(
    `| catalog of ${r.catalog.runs.toLocaleString('en')} runs × ${r.catalog.metrics.toLocaleString('en')} metrics (logs of ${RUNS_PER_LOG} runs sharing their metrics, 10 metric sets) | **${fmt(r.catalog.ms)} ms** (baseline, one look-up per run and metric: ${fmt(r.catalog.baselineMs)} ms; **${fmt(r.catalog.baselineMs / r.catalog.ms, 2)}×**) | ≤ 1000 ms |`,
    '',
  );
  return lines.join('\n');
}

if (process.argv[2] === '--memory') await memoryMain(process.argv.slice(3));
else if (process.argv[1] === fileURLToPath(import.meta.url)) {
  console.log(JSON.stringify(await benchSidebar({ large: process.argv.includes('--large') }), null, 2));
}
