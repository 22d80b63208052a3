// The parsers under test, each given a log's whole bytes: the obvious way (the baseline), ours on the
// host's thread, and ours with worker threads.
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { WORKER_SCRIPT } from './host.mjs';
import { MB } from './logs.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);
const { CHUNK_BYTES, MetricsLogParser } = require(join(root, 'out/src/core/jsonl.js'));
const { Column } = require(join(root, 'out/src/core/column.js'));
const { PART_BYTES } = require(join(root, 'out/src/core/parts/index.js'));
const { WorkerPool } = require(join(root, 'out/src/workerPool.js'));
// A read in parts as the host does it, from bytes in memory.
const { readInParts } = require(join(root, 'out/test/unit/helpers.js'));

/** The baseline: decode, split lines, JSON.parse each, flatten into columns (chunked: V8 strings stop at 512 MB). */
export function baselineParse(bytes) {
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
export function scannerParse(bytes, onChunk) {
  const parser = new MetricsLogParser('bench');
  for (let offset = 0; offset < bytes.length; offset += CHUNK_BYTES) {
    parser.push(bytes.subarray(offset, offset + CHUNK_BYTES));
    onChunk?.(parser);
  }
  parser.finish();
  return parser;
}

/**
 * The parser as the host drives it with worker threads: the first chunk here, then parts parsed by
 * worker threads (a new pool, as the host starts threads for each large read) and merged here in order;
 * a refused part is pushed here.
 */
export async function threadsParse(bytes) {
  const pool = WorkerPool.create(WORKER_SCRIPT);
  if (!pool) throw new Error('worker threads need at least two cores');
  const read = await readInParts(bytes, pool, PART_BYTES, Infinity, 'bench');
  pool.dispose();
  return read;
}

/** Points and a checksum of every column, to check that two parsers read the same numbers. */
export function digest(columns) {
  let points = 0;
  let sum = 0;
  for (const column of columns.values()) {
    points += column.length;
    for (let i = 0; i < column.length; i++) sum += column.values[i] * ((i % 7) + 1);
  }
  return { points, sum };
}
