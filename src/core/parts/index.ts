import { CHUNK_BYTES, NEWLINE, type MetricsLogParser } from '../jsonl';
import type { ParsedPart } from './part';

export { partArrays, type ParsedPart, type PartColumn, type PartRun } from './part';

/** Parses parts of a large log away from the caller's thread (worker threads: src/workerPool.ts). */
export interface PartParser {
  /**
   * What a `midFile` parser makes of `bytes` (complete lines from the middle of a log). Rejects when
   * `cancelled()` by the time the part would start, or when the parse fails.
   */
  parse(bytes: Uint8Array, defaultRun: string, cancelled: () => boolean): Promise<ParsedPart>;
  /** `part` was merged or refused: its arrays are free for the parts to come. */
  recycle?(part: ParsedPart): void;
}

/** Bytes of a part: parts are merged in order, so the charts grow as they come, and threads share the work evenly. */
export const PART_BYTES = 16 << 20;

/**
 * Reads of more new bytes than this are worth parsing in parts. Below it, starting the threads and their
 * cold JIT cost more than they save: on a 2-core machine two threads took 0.5× the time of one for 64 MB,
 * 0.7× for 128 MB, then 1.2× for 256 MB and 1.5× for 1 GB (`npm run bench`).
 */
export const PARALLEL_BYTES = 192 << 20;

/**
 * Where to cut bytes[from, …) into parts of about `size` bytes that each end with a newline: the end of
 * each part. Bytes after the last newline belong to no part.
 */
export function partEnds(bytes: Uint8Array, from: number, size: number): number[] {
  const ends: number[] = [];
  const last = bytes.lastIndexOf(NEWLINE) + 1;
  let start = from;
  while (start < last) {
    const end = start + size >= last ? last : bytes.indexOf(NEWLINE, start + size - 1) + 1;
    ends.push(end);
    start = end;
  }
  return ends;
}

/**
 * Takes from `buffers` the smallest one of at least `bytes` bytes (buffers kept for reuse: fresh memory
 * costs a page fault per 4 KB); undefined when none is that large.
 */
export function takeBuffer(buffers: ArrayBuffer[], bytes: number): ArrayBuffer | undefined {
  let best = -1;
  for (let i = 0; i < buffers.length; i++) {
    const size = buffers[i]!.byteLength;
    if (size >= bytes && (best < 0 || size < buffers[best]!.byteLength)) best = i;
  }
  return best < 0 ? undefined : buffers.splice(best, 1)[0];
}

/** What parseInParts needs from the host that reads the log. */
export interface PartsHost {
  /** Pushes bytes[from, to) to the parser on this thread (in chunks, yielding as the host must). */
  push(from: number, to: number): Promise<void>;
  /** Bytes up to `to` are parsed: for progress, and for showing what is parsed so far. */
  parsed(to: number): void;
  /** The read is no longer wanted: stop. */
  readonly cancelled: () => boolean;
}

/** How a read in parts went: parts in all, and how many of them were merged from the threads. */
export interface PartsRead {
  readonly parts: number;
  readonly merged: number;
}

/**
 * Parses bytes[from, …) into `parser` with `parts`: the first chunk on this thread (the first charts come
 * as soon as without threads), then parts of whole lines parsed by `parts` and merged here in order. A
 * part the merge refuses (its lines depend on the ones before it, see MetricsLogParser.merge) or that
 * failed to parse is pushed here instead. The bytes after the last newline are pushed last; finish() is
 * the caller's.
 */
export async function parseInParts(
  parser: MetricsLogParser,
  bytes: Uint8Array,
  from: number,
  parts: PartParser,
  host: PartsHost,
  partBytes = PART_BYTES,
): Promise<PartsRead> {
  const firstEnd = Math.min(bytes.length, from + CHUNK_BYTES);
  parser.push(bytes.subarray(from, firstEnd));
  host.parsed(firstEnd);
  // Parts start at a line start: the line the chunk cut is finished here.
  let start = bytes.indexOf(NEWLINE, firstEnd) + 1 || bytes.length;
  parser.push(bytes.subarray(firstEnd, start));
  const jobs = partEnds(bytes, start, partBytes).map((end) => {
    const job = {
      start,
      end,
      part: parts.parse(bytes.subarray(start, end), parser.defaultRun, host.cancelled).catch(() => undefined),
    };
    start = end;
    return job;
  });
  let merged = 0;
  for (const job of jobs) {
    const part = await job.part;
    if (host.cancelled()) break;
    if (part && parser.merge(part, bytes.length)) merged++;
    else await host.push(job.start, job.end);
    if (part) parts.recycle?.(part);
    host.parsed(job.end);
  }
  if (!host.cancelled()) parser.push(bytes.subarray(start));
  return { parts: jobs.length, merged };
}
