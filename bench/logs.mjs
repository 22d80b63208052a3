// The bench's logs: generated once into bench-results/tmp/ (git-ignored) and reused, deterministic
// (mulberry32), so every run benchmarks the same bytes. See bench/run.mjs for what is measured on them.
import {
  closeSync,
  copyFileSync,
  existsSync,
  ftruncateSync,
  mkdirSync,
  openSync,
  readFileSync,
  readSync,
  renameSync,
  statSync,
  statfsSync,
  writeFileSync,
  writeSync,
} from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);
const { prng } = require(join(root, 'out/test/unit/helpers.js'));

export const TMP = join(root, 'bench-results/tmp');
export const MB = 1 << 20;
export const GB = 1 << 30;

// Two shapes, about 130 MB each (and 1 GB with --large):
// - compact: 40 metrics every step for 200k steps, short names, values rounded to 4 decimals (the
//   shape of issue #7's numbers);
// - full precision: verl-style names, most values as Python's json writes a float from a float32 or
//   float64 tensor (shortest round-trip repr, 16-17 significant digits), some rounded, some counts;
//   30 training metrics per step and 10 validation metrics every 10 steps.
// Every line is one step, counted from 0: a log's step count is its line count.

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

export const SHAPES = {
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
export function ensureLog(shape, { steps = Infinity, megabytes = Infinity }) {
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

export function countLines(bytes) {
  let lines = 0;
  for (let i = bytes.indexOf(10); i >= 0; i = bytes.indexOf(10, i + 1)) lines++;
  return lines;
}

/** `lines` lines of `shape` from step `step` on, as appended by a run that goes on. */
export function appendedLines(shape, step, lines, seed) {
  const rand = prng(seed);
  let text = '';
  for (let s = step; s < step + lines; s++) text += SHAPES[shape].line(rand, s);
  return Buffer.from(text, 'latin1');
}

/**
 * The log at `path` as a log that grows: a file whose first `baseSize` bytes are the log; the appends
 * benchmark appends to it, and it is cut back to the log before each use. Logs from ensureLog get a
 * copy (their own file stays as generated, for the parse benchmarks); a log made by ensureLargeLog is
 * its own live file.
 */
export function liveLog(path) {
  const meta = `${path}.json`;
  if (existsSync(meta)) {
    const { baseSize, lines } = JSON.parse(readFileSync(meta, 'utf8'));
    truncateTo(path, baseSize);
    return { path, baseSize, lines };
  }
  const live = path.replace(/\.metrics\.jsonl$/, '-live.metrics.jsonl');
  const baseSize = statSync(path).size;
  if (!existsSync(live)) {
    console.error(`copying ${path} to ${live}`);
    copyFileSync(path, `${live}.partial`);
    renameSync(`${live}.partial`, live);
  }
  truncateTo(live, baseSize);
  return { path: live, baseSize, lines: undefined };
}

function truncateTo(path, size) {
  const fd = openSync(path, 'r+');
  ftruncateSync(fd, size);
  closeSync(fd);
}

/** Bytes free for a new file in TMP's file system. */
export function freeBytes() {
  mkdirSync(TMP, { recursive: true });
  const { bavail, bsize } = statfsSync(TMP);
  return bavail * bsize;
}

/**
 * A log of `copies` × the log at `path` (of `shape`), each copy's steps shifted past the previous copy's
 * so the steps keep increasing, written once; with its size and line count in `<log>.json` (it is a
 * live log: see liveLog). Undefined, with the reason, when the disk has less than `minFree` free.
 */
export function ensureLargeLog(path, copies, minFree) {
  const large = join(TMP, `full-${copies}x-${path.split('/').pop()}`);
  if (existsSync(`${large}.json`)) return { path: large };
  const free = freeBytes();
  if (free < minFree)
    return {
      skipped: `${(free / GB).toFixed(1)} GB free in ${TMP}, fewer than the ${(minFree / GB).toFixed(0)} GB this log needs`,
    };
  console.error(`generating ${large} (${copies} copies of ${path}, steps shifted)`);
  const partial = `${large}.partial`;
  const out = openSync(partial, 'w');
  const input = openSync(path, 'r');
  const block = Buffer.allocUnsafe(8 * MB);
  let steps = 0;
  for (let copy = 0; copy < copies; copy++) {
    const shift = copy * steps;
    let position = 0;
    let rest = '';
    let lines = 0;
    for (;;) {
      const read = readSync(input, block, 0, block.length, position);
      if (read === 0) break;
      position += read;
      if (copy === 0) {
        writeSync(out, block, 0, read);
        lines += countLines(block.subarray(0, read));
        continue;
      }
      const text = rest + block.toString('latin1', 0, read);
      const end = text.lastIndexOf('\n') + 1;
      rest = text.slice(end);
      writeSync(
        out,
        text.slice(0, end).replace(/^\{"step": (\d+)/gm, (_, step) => `{"step": ${Number(step) + shift}`),
        null,
        'latin1',
      );
    }
    if (rest.length > 0) throw new Error(`${path} does not end with a newline`);
    if (copy === 0) steps = lines;
  }
  closeSync(input);
  closeSync(out);
  const baseSize = statSync(partial).size;
  renameSync(partial, large);
  writeFileSync(`${large}.json`, JSON.stringify({ baseSize, lines: copies * steps }));
  return { path: large };
}
