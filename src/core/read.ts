import { CHUNK_BYTES, type MetricsLogParser } from './jsonl';
import { PARALLEL_BYTES, parseInParts, type PartParser, type ReadRange } from './parts';

/** What a read needs from its host. */
export interface ReadHost {
  /** Bytes up to `to` are parsed: for progress, and for showing what is parsed so far. */
  readonly parsed: (to: number) => void;
  /** The read is no longer wanted: stop. */
  readonly cancelled: () => boolean;
  /** Lets the host's queued events run between chunks. */
  readonly pause: () => Promise<void>;
}

/** Pushes `bytes` to the parser a chunk at a time, pausing between chunks; stops when cancelled. */
async function pushInChunks(parser: MetricsLogParser, bytes: Uint8Array, start: number, host: ReadHost): Promise<void> {
  for (let offset = 0; offset < bytes.length && !host.cancelled(); offset += CHUNK_BYTES) {
    const end = Math.min(bytes.length, offset + CHUNK_BYTES);
    parser.push(bytes.subarray(offset, end));
    if (end < bytes.length) {
      host.parsed(start + end);
      await host.pause();
    }
  }
}

/**
 * Parses the log's bytes [from, size) into `parser`, reading them with `read` a chunk (or, with worker
 * threads, a part) at a time, so the bytes held at once stay a few megabytes whatever the log's size: an
 * append costs what was appended, and a log of any size opens. Says how it was parsed; finish() is the
 * caller's.
 */
export async function readLog(
  parser: MetricsLogParser,
  read: ReadRange,
  from: number,
  size: number,
  host: ReadHost,
  parts?: PartParser,
): Promise<string> {
  if (parts && size - from > PARALLEL_BYTES) {
    const done = await parseInParts(parser, read, from, size, parts, {
      push: (bytes, start) => pushInChunks(parser, bytes, start, host),
      parsed: host.parsed,
      cancelled: host.cancelled,
    });
    return `${done.merged} of ${done.parts} parts by worker threads`;
  }
  for (let start = from; start < size && !host.cancelled();) {
    const chunk = await read(start, Math.min(size, start + CHUNK_BYTES));
    if (chunk.length === 0) break;
    parser.push(chunk);
    start += chunk.length;
    if (start < size) {
      host.parsed(start);
      await host.pause();
    }
  }
  return 'on the extension host';
}
