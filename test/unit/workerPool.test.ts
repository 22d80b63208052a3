// The worker threads that parse parts of large logs (issue #7), in plain Node: the compiled worker
// script (out/src/parseWorker.js) in real threads.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { MetricsLogParser } from '../../src/core/jsonl';
import { WorkerPool } from '../../src/workerPool';
import { indexRuns } from '../../src/core/logIndex';
import { parseLog } from '../../src/core/formats/parseLog';
import { points, readInParts, snapshot } from './helpers';

const SCRIPT = join(__dirname, '../../src/parseWorker.js');

/** A log of `lines` lines with several runs, NaN values, a restart, a skipped line and metadata. */
function log(lines: number): Uint8Array {
  const text: string[] = [];
  for (let i = 0; i < lines; i++) {
    const step = i < lines / 2 ? i : i - 50;
    if (i % 997 === 0) text.push('{"step": oops}');
    text.push(
      `{"step": ${step}, "run": "${i % 3 === 0 ? 'a' : 'b'}", "loss": ${i % 101 === 0 ? 'NaN' : 1 / (i + 1)}, "acc": ${(i % 89) / 89}, "stage": "s${i >> 10}"}`,
    );
  }
  return new TextEncoder().encode(text.join('\n') + '\n');
}

test('parts parsed by worker threads and merged in order read like the whole log parsed here', async () => {
  const pool = WorkerPool.create(SCRIPT, 2);
  assert.ok(pool);
  // A Node Buffer, as the extension host's readFile returns: its slice() is a view, not a copy.
  const bytes = Buffer.from(log(200_000));
  const { parser, pushed, reported } = await readInParts(bytes, pool, 1 << 20);
  const whole = new MetricsLogParser('run');
  whole.push(bytes);
  whole.finish();
  assert.deepEqual(snapshot(parser), snapshot(whole));
  // At most the part where the log restarts depends on the lines before it: the rest came from the threads.
  assert.ok(pushed.length <= 1, `${pushed.length} parts pushed here`);
  assert.deepEqual(
    reported,
    [...reported].sort((a, b) => a - b),
    'progress only goes forward',
  );
  assert.equal(reported.at(-1), bytes.length);
  pool.dispose();
});

test('a whole log indexed by a thread gives the index of the log parsed here', async () => {
  const pool = WorkerPool.create(SCRIPT, 2);
  assert.ok(pool);
  const bytes = log(20_000);
  const whole = new MetricsLogParser('grpo');
  whole.push(bytes);
  whole.finish();
  const [first, second] = await Promise.all([
    pool.index(bytes, 'grpo', () => false),
    pool.index(bytes, 'grpo', () => false),
  ]);
  assert.deepEqual(first, indexRuns(whole.runs.values()));
  assert.deepEqual(second, first);
  assert.deepEqual(
    first.map((run) => [run.name, [...run.metrics.keys()]]),
    [
      ['a', ['loss', 'acc']],
      ['b', ['loss', 'acc']],
    ],
  );
  pool.dispose();
});

test('a log in another format parsed by a thread reads as parsed here; one it cannot read is told', async () => {
  const pool = WorkerPool.create(SCRIPT, 2);
  assert.ok(pool);
  const rows = Array.from({ length: 5000 }, (_, i) => `${i},${1 / (i + 1)},${i % 7 === 0 ? '' : i / 5000}`);
  const bytes = new TextEncoder().encode(['step,train/loss,eval/acc', ...rows].join('\n') + '\n');
  const input = { kind: 'file', file: { path: '/w/run-a/metrics.csv', bytes } } as const;
  const here = parseLog(input);
  const there = await pool.parseLog(input);
  assert.deepEqual(
    there.runs.map((run) => [run.name, [...run.metrics].map(([name, col]) => [name, points(col)])]),
    here.runs.map((run) => [run.name, [...run.metrics].map(([name, col]) => [name, points(col)])]),
  );
  assert.equal(there.runs[0]!.metrics.get('train/loss')!.length, 5000);
  // The caller's bytes are still whole: the thread got a copy.
  assert.equal(bytes.length > 0 && bytes[0], 's'.charCodeAt(0));
  await assert.rejects(
    pool.parseLog({ kind: 'file', file: { path: '/w/notes.txt', bytes: new TextEncoder().encode('hello') } }),
    /not a log format/,
  );
  assert.equal((await pool.parseLog(input)).runs.length, here.runs.length);
  pool.dispose();
});

test('parts asked for after their read was cancelled are not parsed', async () => {
  const pool = WorkerPool.create(SCRIPT, 2);
  assert.ok(pool);
  let cancelled = false;
  const isCancelled = () => cancelled;
  const bytes = log(2000);
  const running = pool.parse(bytes, 'run', isCancelled);
  const second = pool.parse(bytes, 'run', isCancelled);
  const third = assert.rejects(pool.parse(bytes, 'run', isCancelled), /cancelled/);
  cancelled = true;
  // The two threads had started the first two parts; the third was still waiting.
  assert.equal((await running).lines, 2000 + 3);
  assert.equal((await second).lines, 2000 + 3);
  await third;
  pool.dispose();
});

test('a thread that fails rejects its part; the next part gets a new thread', async () => {
  const broken = WorkerPool.create(join(__dirname, 'no-such-worker.js'), 2);
  assert.ok(broken);
  const signal = () => false;
  await assert.rejects(broken.parse(log(10), 'run', signal));
  broken.dispose();
  // Bytes that do not end with a newline make the worker's parser throw.
  const pool = WorkerPool.create(SCRIPT, 2);
  assert.ok(pool);
  await assert.rejects(pool.parse(new TextEncoder().encode('{"step": 1'), 'run', signal), /complete line/);
  assert.equal((await pool.parse(log(10), 'run', signal)).lines, 11);
  pool.dispose();
});

test('no threads on a single core', () => {
  assert.equal(WorkerPool.create(SCRIPT, 1), undefined);
});
