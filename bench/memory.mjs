// Peak memory of reading a log, each in a fresh process (this file, run by memoryOf): the whole file read
// then parsed (`baseline`, `scanner`, `threads`: the parsers of bench/parsers.mjs, as the host read logs
// before), or read as the host reads it now (`host`: ranged reads, readLog, worker threads above
// PARALLEL_BYTES). The RSS counts every thread of the process, the worker threads' too.
import { spawnSync } from 'node:child_process';
import { statSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { createPool, openLog } from './host.mjs';
import { baselineParse, scannerParse, threadsParse } from './parsers.mjs';

/** Peak memory and wall time of reading the first `size` bytes of `path` (all, by default) the `which` way. */
export function memoryOf(which, path, size) {
  const args = ['--expose-gc', fileURLToPath(import.meta.url), which, path];
  if (size !== undefined) args.push(String(size));
  const child = spawnSync(process.execPath, args, { encoding: 'utf8', maxBuffer: 1 << 20 });
  if (child.status !== 0) {
    const lines = (child.stderr || '').trim().split('\n');
    return { error: lines.find((l) => /Error/.test(l)) ?? lines.pop() ?? `exit ${child.status}` };
  }
  return JSON.parse(child.stdout);
}

async function readAndParse(which, path, size, sample) {
  if (which === 'host') {
    const pool = createPool();
    const bytes = size ?? statSync(path).size;
    const log = await openLog(path, bytes, pool);
    pool?.dispose();
    return { size: bytes, parser: log.parser, how: log.how };
  }
  const bytes = await readFile(path);
  sample();
  // The parser itself is kept, as the host keeps it.
  const parser =
    which === 'scanner'
      ? scannerParse(bytes, sample)
      : which === 'threads'
        ? (await threadsParse(bytes)).parser
        : baselineParse(bytes);
  return { size: bytes.length, parser };
}

/** The child: read and parse, and report the peak RSS and heap seen (sampled every 5 ms and after each chunk). */
async function child(which, path, size) {
  globalThis.gc();
  const before = process.memoryUsage();
  let peakRss = before.rss;
  let peakHeap = before.heapUsed;
  const sample = () => {
    const m = process.memoryUsage();
    peakRss = Math.max(peakRss, m.rss);
    peakHeap = Math.max(peakHeap, m.heapUsed);
  };
  // Unref'd, so a failed read ends the process too.
  const timer = setInterval(sample, 5).unref();
  const start = performance.now();
  // In a function, so the file's bytes are garbage once it returns and only the parser (columns) stays.
  const read = await readAndParse(which, path, size, sample);
  const wallMs = performance.now() - start;
  sample();
  clearInterval(timer);
  // A few collections with turns of the event loop between: one alone sometimes left the file's bytes.
  for (let i = 0; i < 3; i++) {
    globalThis.gc();
    await new Promise((resolve) => setImmediate(resolve));
  }
  const after = process.memoryUsage();
  process.stdout.write(
    JSON.stringify({
      size: read.size,
      wallMs,
      how: read.how,
      lines: read.parser instanceof Map ? undefined : read.parser.lines,
      baseRss: before.rss,
      peakRss,
      peakHeap,
      retainedHeap: after.heapUsed - before.heapUsed,
      retainedArrayBuffers: after.arrayBuffers - before.arrayBuffers,
    }),
  );
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const [which, path, size] = process.argv.slice(2);
  try {
    await child(which, path, size === undefined ? undefined : Number(size));
  } catch (e) {
    // What failed, for the table (a whole-file read over 2 GiB: ERR_FS_FILE_TOO_LARGE).
    process.stdout.write(
      JSON.stringify({
        error:
          e instanceof Error ? `${e.code && !e.message.includes(e.code) ? `${e.code}: ` : ''}${e.message}` : String(e),
      }),
    );
  }
}
