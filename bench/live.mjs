// The host's reads of a log that is shown and grows (issue #14): opening it, its first partial chart, and
// appends of APPENDED_LINES lines, each against what the host did before (a whole-file read on every
// change) in the same run. The log is a real file that grows: each append is written to it (not timed)
// before the host reads it.
import { appendFileSync, statSync } from 'node:fs';
import { runInNewContext } from 'node:vm';
import { setFlagsFromString } from 'node:v8';
import {
  appendAsBefore,
  appendAsHost,
  chartsOf,
  ColumnMemo,
  createPool,
  firstChartAsBefore,
  firstChartAsHost,
  openLog,
} from './host.mjs';
import { appendedLines, liveLog } from './logs.mjs';
import { memoryOf } from './memory.mjs';
import { digest } from './parsers.mjs';

/** Lines appended for the live-append benchmark. */
export const APPENDED_LINES = 1000;

// Before each timed step, a collection and then a pause: garbage from the step before (a 1 GB whole-file
// read) is not collected during the next, and V8's work after a forced collection is done before it (a
// step right after gc() took a collection of ~30 ms more). V8 lets a script call gc() once the flag is set.
setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc');
const settle = async () => {
  gc();
  await new Promise((resolve) => setTimeout(resolve, 100));
};

/** Runs `a` then `b` on even reps, `b` then `a` on odd ones: neither always goes first (colder JIT, other load). */
async function inTurns(rep, a, b) {
  if (rep % 2 === 0) {
    await a();
    await b();
  } else {
    await b();
    await a();
  }
}

function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/** Medians of CPU and wall times, each on its own. */
const medianTimes = (times) => ({ cpu: median(times.map((t) => t.cpu)), wall: median(times.map((t) => t.wall)) });

const errorText = (e) =>
  e instanceof Error ? `${e.code && !e.message.includes(e.code) ? `${e.code}: ` : ''}${e.message}` : String(e);

/**
 * Opening `path` (a log of `shape`) in a fresh process, its first partial chart, and `reps` appends, each
 * as the host does it now and did before. `expected`: the log's points (and checksum) as the parser reads
 * them from its whole bytes, to check the ranged reads give the same numbers; `before`: the previous
 * host's open (whole-file read + parse with threads), measured already, or undefined to measure it here.
 */
export async function benchLive(shape, path, reps, expected, before) {
  const live = liveLog(path);
  const size = live.baseSize;
  console.error(`  opening ${live.path} as the host does (fresh process)`);
  const open = memoryOf('host', live.path, size);
  const openBefore = before ?? memoryOf('threads', live.path);

  console.error('  first partial chart');
  const pool = createPool();
  const first = { host: [], before: [], charts: 0 };
  for (let i = 0; i < reps; i++) {
    await inTurns(
      i,
      async () => {
        await settle();
        const host = await firstChartAsHost(live.path, pool);
        first.host.push(host);
        first.charts = host.charts;
      },
      async () => {
        if (first.error) return;
        await settle();
        try {
          first.before.push(await firstChartAsBefore(live.path));
        } catch (e) {
          first.error = errorText(e);
        }
      },
    );
  }

  console.error(`  appends of ${APPENDED_LINES} lines`);
  const log = await openLog(live.path, size, pool);
  const opened = digest(log.parser.runs.get('bench').metrics);
  const same =
    opened.points === expected.points &&
    (expected.sum === undefined || opened.sum === expected.sum) &&
    (live.lines === undefined || log.parser.lines === live.lines);
  // The view's first charts of the log, and what it keeps of its columns (src/chartView.ts's memo).
  log.memo = new ColumnMemo();
  chartsOf(log.parser, log.memo);
  const append = { host: [], before: [], newBytes: [], charts: 0, points: 0 };
  const grow = () => {
    const bytes = appendedLines(shape, log.parser.lines, APPENDED_LINES, 11 + append.newBytes.length);
    appendFileSync(live.path, bytes);
    append.newBytes.push(bytes.length);
  };
  let lines = log.parser.lines;
  for (let i = 0; i < reps; i++) {
    await inTurns(
      i,
      async () => {
        grow();
        await settle();
        const host = await appendAsHost(log, live.path, pool);
        append.host.push(host);
        append.charts = host.charts.length;
        append.points = host.charts.reduce((n, c) => n + c.series.reduce((m, s) => m + s.x.length, 0), 0);
        lines += APPENDED_LINES;
      },
      async () => {
        if (append.error) return;
        grow();
        await settle();
        try {
          append.before.push(await appendAsBefore(log, live.path));
        } catch (e) {
          append.error = errorText(e);
          // The host reads the lines the baseline could not, so the next append is again one of APPENDED_LINES.
          await appendAsHost(log, live.path, pool);
        }
        lines += APPENDED_LINES;
      },
    );
  }
  pool?.dispose();
  const appendedAll = log.parser.lines === lines && log.bytesParsed === statSync(live.path).size;

  return {
    size,
    open,
    openBefore,
    same: same && appendedAll && (open.error !== undefined || live.lines === undefined || open.lines === live.lines),
    firstChart: {
      host: medianTimes(first.host.map((t) => t.total)),
      hostBuild: median(first.host.map((t) => t.total.cpu - t.read.cpu)),
      before: first.before.length ? medianTimes(first.before.map((t) => t.total)) : undefined,
      error: first.error,
      charts: first.charts,
    },
    append: {
      newBytes: median(append.newBytes),
      host: medianTimes(append.host.map((t) => t.total)),
      hostRead: medianTimes(append.host.map((t) => t.read)),
      hostBuild: median(append.host.map((t) => t.total.cpu - t.read.cpu)),
      before: append.before.length ? medianTimes(append.before.map((t) => t.total)) : undefined,
      error: append.error,
      charts: append.charts,
      points: append.points,
    },
  };
}
