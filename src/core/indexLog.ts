/**
 * How the sidebar indexes a JSON-lines log (logIndex.ts) from its bytes, read by ranges: from scratch in
 * one streamed pass, from where it was indexed to when it only grew, or not at all when it is unchanged.
 */
import { MetricsLogParser, NEWLINE } from './jsonl';
import { logName } from './formats';
import { extendIndex, indexFromJson, indexRuns, indexToJson, type RunIndex } from './logIndex';
import type { PartParser, ReadRange } from './parts';
import { readLog } from './read';

/** Bytes at the start of a log, and before where it was indexed to, that tell an append from a rewrite. */
const SAMPLE_BYTES = 4096;
/** How far back from a log's end its last newline is looked for: past it, the log is indexed to its end. */
const TAIL_SEARCH_BYTES = 1 << 16;

/**
 * Reads of this many new bytes are indexed by a worker thread, when there are any: below, starting one
 * costs more than it saves; above, the bytes would be held whole (the read streams in parts instead).
 */
const THREAD_INDEX_BYTES = { min: 1 << 20, max: 64 << 20 };

/** What a log's index was built from: the file as it was, to tell whether it changed. */
export interface Stamp {
  readonly size: number;
  readonly mtime: number;
  /** Bytes indexed: up to the last newline (a line still being written is read again with the rest). */
  readonly indexedTo: number;
  /** Fingerprints of the first SAMPLE_BYTES and of the SAMPLE_BYTES before `indexedTo`. */
  readonly head: string;
  readonly tail: string;
}

/** A log's index, and how it was made this time (for the Output channel). */
export interface IndexedLog {
  readonly runs: readonly RunIndex[];
  readonly stamp?: Stamp;
  readonly how: 'stored' | 'appended' | 'read' | 'unchanged';
}

/** A file as it is now: its size, mtime and ranged reads. */
export interface FileView {
  readonly size: number;
  readonly mtime: number;
  readonly read: ReadRange;
}

/** FNV-1a of the bytes, with their length: a sample's fingerprint, kept instead of the bytes. */
export function fingerprint(bytes: Uint8Array): string {
  let hash = 0x811c9dc5;
  for (const byte of bytes) hash = Math.imul(hash ^ byte, 0x01000193);
  return `${bytes.length}:${(hash >>> 0).toString(16)}`;
}

async function sample(file: FileView, end: number): Promise<string> {
  return fingerprint(await file.read(Math.max(0, end - SAMPLE_BYTES), end));
}

/** The fingerprint of the first bytes of the file's first `indexed` bytes. */
const headOf = (file: FileView, indexed: number): Promise<string> => sample(file, Math.min(indexed, SAMPLE_BYTES));

/** Whether the file is what `known` was built from: the same size, mtime and first bytes. */
export async function unchanged(file: FileView, known: IndexedLog | undefined): Promise<boolean> {
  const old = known?.stamp;
  return (
    !!old && old.size === file.size && old.mtime === file.mtime && old.head === (await headOf(file, old.indexedTo))
  );
}

/** The stamp of a file indexed whole (a format read whole). */
export async function wholeFileStamp(file: FileView): Promise<Stamp> {
  return { size: file.size, mtime: file.mtime, indexedTo: file.size, head: await headOf(file, file.size), tail: '' };
}

function isStamp(x: unknown): x is Stamp {
  if (typeof x !== 'object' || x === null) return false;
  const s = x as Record<string, unknown>;
  return (
    typeof s.size === 'number' &&
    typeof s.mtime === 'number' &&
    typeof s.indexedTo === 'number' &&
    typeof s.head === 'string' &&
    typeof s.tail === 'string'
  );
}

/** Where the complete lines of the file end: after its last newline (looked for in the last 4 KB, then further). */
async function completeLinesEnd(file: FileView): Promise<number> {
  for (let span = SAMPLE_BYTES; ; span = TAIL_SEARCH_BYTES) {
    const from = Math.max(0, file.size - span);
    const tail = await file.read(from, file.size);
    const last = tail.lastIndexOf(NEWLINE);
    if (last >= 0 || from === 0) return from + last + 1;
    // A last line longer than the search: indexed as it is (finish() reads it, if it parses).
    if (span === TAIL_SEARCH_BYTES) return file.size;
  }
}

/** What indexing needs from its host. */
export interface IndexHost {
  readonly cancelled: () => boolean;
  readonly pause: () => Promise<void>;
  readonly parts?: PartParser;
}

/**
 * The index of the JSON-lines log at `path`, given what was known of it: the same when it is unchanged;
 * extended by its new lines when it only grew (its indexed bytes, first and last, still there, and the new
 * lines all later than what was indexed); otherwise read whole, streamed. Columns live only while a read
 * lasts.
 */
export async function indexJsonLines(
  path: string,
  file: FileView,
  known: IndexedLog | undefined,
  host: IndexHost,
): Promise<IndexedLog> {
  if (known && (await unchanged(file, known)))
    return { ...known, how: known.how === 'stored' ? 'stored' : 'unchanged' };
  const end = await completeLinesEnd(file);
  const read = async (from: number): Promise<RunIndex[]> => {
    const { parts } = host;
    // A log of a few megabytes to some tens is read whole and indexed by a thread: the host's thread only reads.
    if (parts?.index && end - from >= THREAD_INDEX_BYTES.min && end - from <= THREAD_INDEX_BYTES.max) {
      const bytes = await file.read(from, end);
      const runs = await parts.index(bytes, logName(path), host.cancelled).catch(() => undefined);
      if (runs) return runs;
    }
    const parser = new MetricsLogParser(logName(path));
    await readLog(parser, file.read, from, end, { parsed: () => undefined, ...host }, host.parts);
    parser.finish();
    return indexRuns(parser.runs.values());
  };
  const stamp = async (): Promise<Stamp> => ({
    size: file.size,
    mtime: file.mtime,
    indexedTo: end,
    head: await headOf(file, end),
    tail: await sample(file, end),
  });
  const old = known?.stamp;
  // Grown with the bytes indexed before still there, first and last: an append, read alone.
  if (
    known &&
    old &&
    end >= old.indexedTo &&
    old.head === (await headOf(file, old.indexedTo)) &&
    old.tail === (await sample(file, old.indexedTo))
  ) {
    const runs = extendIndex(known.runs, await read(old.indexedTo));
    if (runs) return { runs, stamp: await stamp(), how: 'appended' };
  }
  return { runs: await read(0), stamp: await stamp(), how: 'read' };
}

/** A log's index as stored between sessions (one file per log), with the key it belongs to. */
export function encodeStored(key: string, log: IndexedLog): string {
  return JSON.stringify({ key, stamp: log.stamp, runs: indexToJson(log.runs) });
}

/** A stored index read back; undefined when it is another log's, damaged, or from an older version. */
export function decodeStored(key: string, text: string): IndexedLog | undefined {
  try {
    const json = JSON.parse(text) as { key?: unknown; stamp?: unknown; runs?: unknown };
    const runs = indexFromJson(json.runs);
    if (json.key !== key || !runs || !isStamp(json.stamp)) return undefined;
    return { runs, stamp: json.stamp, how: 'stored' };
  } catch {
    return undefined;
  }
}
