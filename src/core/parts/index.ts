import { CHUNK_BYTES, NEWLINE, type MetricsLogParser } from '../jsonl';
import type { ParsedPart } from './part';
import type { RunIndex } from '../logIndex';
import type { LogInput } from '../formats/parseLog';
import type { ParsedLog } from '../formats/types';

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
  /**
   * The sidebar's index (logIndex.ts) of a whole log's `bytes`, parsed from its start: only the index comes
   * back, so the host's thread does no parsing. Rejects as parse does.
   */
  index?(bytes: Uint8Array, defaultRun: string, cancelled: () => boolean): Promise<RunIndex[]>;
  /** A log in another format (formats/parseLog.ts), parsed on a thread: its columns come back as plain arrays. */
  parseLog?(input: LogInput): Promise<ParsedLog>;
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

/** Reads bytes [start, end) of the log as it was when the read began (fewer only if it has shrunk since). */
export type ReadRange = (start: number, end: number) => Promise<Uint8Array>;

/** What parseInParts needs from the host that reads the log. */
export interface PartsHost {
  /** Pushes `bytes` (the log's bytes from `start`) to the parser on this thread, in chunks, yielding as the host must. */
  push(bytes: Uint8Array, start: number): Promise<void>;
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
 * Parts read ahead of the one being merged: enough to keep the threads busy, few enough that the bytes
 * held at once stay a small multiple of a part whatever the log's size.
 */
const PARTS_AHEAD = 4;

/** A piece of the log in read order: a part for the threads, or bytes this thread parses itself. */
interface Piece {
  readonly start: number;
  readonly bytes: Uint8Array;
  readonly part?: Promise<ParsedPart | undefined>;
}

/**
 * Parses the log's bytes [from, size) into `parser` with `parts`, reading them with `read` a part at a
 * time (never the whole log at once): the first chunk on this thread (the first charts come as soon as
 * without threads), then parts of whole lines parsed by `parts` and merged here in order. A part the merge
 * refuses (its lines depend on the ones before it, see MetricsLogParser.merge) or that failed to parse is
 * pushed here instead. Bytes after the last newline are pushed last; finish() is the caller's.
 */
export async function parseInParts(
  parser: MetricsLogParser,
  read: ReadRange,
  from: number,
  size: number,
  parts: PartParser,
  host: PartsHost,
  partBytes = PART_BYTES,
): Promise<PartsRead> {
  const first = await read(from, Math.min(size, from + CHUNK_BYTES));
  parser.push(first);
  host.parsed(from + first.length);
  const ahead: Piece[] = [];
  let count = 0;
  let merged = 0;
  const settle = async (piece: Piece): Promise<void> => {
    const part = piece.part && (await piece.part);
    if (host.cancelled()) return;
    if (part && parser.merge(part, size)) merged++;
    else await host.push(piece.bytes, piece.start);
    if (part) parts.recycle?.(part);
    host.parsed(piece.start + piece.bytes.length);
  };
  // Parts start at a line start: the line the first chunk cut is finished here.
  let start = from + first.length;
  let lineStart = first.length > 0 && first[first.length - 1] === NEWLINE;
  while (start < size && !host.cancelled()) {
    const block = await read(start, Math.min(size, start + partBytes));
    if (block.length === 0) break;
    const end = start + block.length;
    let head = 0;
    if (!lineStart) {
      head = block.indexOf(NEWLINE) + 1;
      // Still the same line (one longer than a part): this thread reads it piece by piece.
      ahead.push({ start, bytes: head > 0 ? block.subarray(0, head) : block });
      lineStart = head > 0;
    }
    const last = block.lastIndexOf(NEWLINE) + 1;
    if (lineStart && last > head) {
      const bytes = block.subarray(head, last);
      count++;
      const part = parts.parse(bytes, parser.defaultRun, host.cancelled).catch(() => undefined);
      ahead.push({ start: start + head, bytes, part });
    }
    const done = Math.max(head, last);
    if (!lineStart) start = end;
    else if (end >= size) {
      // The log's last bytes, after its last newline.
      if (done < block.length) ahead.push({ start: start + done, bytes: block.subarray(done) });
      start = end;
    } else if (done > 0)
      start += done; // the line the block cut is read again with the next block
    else {
      // No newline in a whole part: a line longer than a part, read here piece by piece.
      ahead.push({ start, bytes: block });
      lineStart = false;
      start = end;
    }
    while (ahead.length > PARTS_AHEAD) await settle(ahead.shift()!);
  }
  for (const piece of ahead) if (!host.cancelled()) await settle(piece);
  return { parts: count, merged };
}
