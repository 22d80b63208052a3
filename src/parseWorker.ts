// A worker thread that parses parts of a large log, or indexes whole logs for the sidebar, for the extension host (see WorkerPool). Node only:
// bundled on its own as dist/parseWorker.js.
import { parentPort } from 'node:worker_threads';
import { allocateColumnsWith } from './core/column';
import { CHUNK_BYTES, MetricsLogParser } from './core/jsonl';
import { takeBuffer, type ParsedPart } from './core/parts';
import { indexRuns, type RunIndex } from './core/logIndex';
import { parseLog, plainLog, type LogInput } from './core/formats/parseLog';
import type { ParsedLog } from './core/formats/types';

/**
 * A part to parse (complete lines from the middle of a log), or a whole log to index for the sidebar
 * (`index`); and buffers of earlier parts to reuse for columns.
 */
export type PartRequest =
  | {
      readonly bytes: Uint8Array;
      readonly defaultRun: string;
      readonly buffers: readonly ArrayBuffer[];
      readonly index?: boolean;
    }
  | { readonly log: LogInput };

/** Smallest array worth a reused buffer: smaller ones live on V8's heap, cheaply. */
const REUSE_DOUBLES = 1024;
const spare: ArrayBuffer[] = [];

// Columns get the smallest spare buffer that holds them (see allocateColumnsWith).
allocateColumnsWith((length) => {
  const buffer = length >= REUSE_DOUBLES ? takeBuffer(spare, length * Float64Array.BYTES_PER_ELEMENT) : undefined;
  return buffer ? new Float64Array(buffer, 0, length) : new Float64Array(length);
});

/** The parsed part, or the log's index; and its bytes back for the next request (see WorkerPool.spare). */
export type PartResponse =
  | { readonly part: ParsedPart; readonly bytes: Uint8Array }
  | { readonly index: RunIndex[]; readonly bytes: Uint8Array }
  | { readonly log: ParsedLog }
  | { readonly error: string };

parentPort?.on('message', (request: PartRequest) => {
  if ('log' in request) {
    let log: ParsedLog;
    try {
      log = plainLog(parseLog(request.log));
    } catch (e) {
      // Told to the caller, as the same parse on the host's thread would throw; the thread stays.
      parentPort?.postMessage({ error: e instanceof Error ? e.message : String(e) } satisfies PartResponse);
      return;
    }
    const transfer = log.runs.flatMap((run) => [
      ...[...run.metrics.values(), run.times, ...(run.lines ? [run.lines] : [])].flatMap((c) => [
        c.steps.buffer,
        c.values.buffer,
      ]),
    ]);
    const response: PartResponse = { log };
    parentPort?.postMessage(response, transfer as ArrayBuffer[]);
    return;
  }
  const { bytes, defaultRun, buffers, index } = request;
  spare.push(...buffers);
  // A whole log to index is parsed from its start (a byte order mark, its first line); a part is mid-file.
  const parser = new MetricsLogParser(defaultRun, !index);
  for (let offset = 0; offset < bytes.length; offset += CHUNK_BYTES)
    parser.push(bytes.subarray(offset, Math.min(bytes.length, offset + CHUNK_BYTES)));
  if (index) {
    parser.finish();
    // Only the index goes back: a few numbers per metric, whatever the log's size.
    const response: PartResponse = { index: indexRuns(parser.runs.values()), bytes };
    parentPort?.postMessage(response, [bytes.buffer as ArrayBuffer]);
    return;
  }
  const { part, transfer } = parser.part();
  const response: PartResponse = { part, bytes };
  parentPort?.postMessage(response, [...transfer, bytes.buffer as ArrayBuffer]);
});
