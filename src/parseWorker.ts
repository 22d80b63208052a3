// A worker thread that parses parts of a large log for the extension host (see WorkerPool). Node only:
// bundled on its own as dist/parseWorker.js.
import { parentPort } from 'node:worker_threads';
import { CHUNK_BYTES, MetricsLogParser, type ParsedPart } from './core/jsonl';

/** A part to parse: complete lines from the middle of a log. */
export interface PartRequest {
  readonly bytes: Uint8Array;
  readonly defaultRun: string;
}

/** The parsed part, and its bytes back for the next part (see WorkerPool.spare). */
export interface PartResponse {
  readonly part: ParsedPart;
  readonly bytes: Uint8Array;
}

parentPort?.on('message', ({ bytes, defaultRun }: PartRequest) => {
  const parser = new MetricsLogParser(defaultRun, true);
  for (let offset = 0; offset < bytes.length; offset += CHUNK_BYTES) parser.push(bytes.subarray(offset, Math.min(bytes.length, offset + CHUNK_BYTES)));
  const { part, transfer } = parser.part();
  const response: PartResponse = { part, bytes };
  parentPort?.postMessage(response, [...transfer, bytes.buffer as ArrayBuffer]);
});
