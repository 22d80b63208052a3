import { Worker } from 'node:worker_threads';
import { availableParallelism } from 'node:os';
import { partArrays, takeBuffer, type ParsedPart, type PartParser } from './core/parts';
import type { RunIndex } from './core/logIndex';
import type { LogInput } from './core/formats/parseLog';
import type { LogFile, ParsedLog } from './core/formats/types';
import type { PartRequest, PartResponse } from './parseWorker';

/** The input with each file's bytes copied into a buffer of its own, to be moved to a thread. */
function copyInput(input: LogInput): LogInput {
  // new Uint8Array(...) copies; a Node Buffer's slice() would be a view of a shared buffer.
  const copy = (file: LogFile): LogFile => ({ path: file.path, bytes: new Uint8Array(file.bytes) });
  return input.kind === 'file' ? { ...input, file: copy(input.file) } : { ...input, files: input.files.map(copy) };
}

const inputBuffers = (input: LogInput): ArrayBuffer[] =>
  (input.kind === 'file' ? [input.file] : input.files).map((file) => file.bytes.buffer as ArrayBuffer);

interface Job {
  readonly bytes: Uint8Array;
  readonly defaultRun: string;
  readonly cancelled: () => boolean;
  /** A whole log to index (PartParser.index) rather than a part to parse. */
  readonly index: boolean;
  /** A log in another format to parse (PartParser.parseLog): then `bytes` is unused. */
  readonly log?: LogInput;
  readonly resolve: (response: PartResponse) => void;
  readonly reject: (reason: Error) => void;
}

/** Threads left idle this long are stopped: an idle thread still holds memory. */
const IDLE_THREAD_MS = 3000;
/** At most this many threads: merging the parts is the host's, and it does not keep up with more. */
const MAX_THREADS = 4;
/** Column buffers sent with a part: about what a part of a log with many metrics needs. */
const BUFFERS_PER_PART = 128;
/** Column buffers kept for the threads at most; more are let go. */
const MAX_COLUMN_BUFFERS = 1024;
/** Smaller arrays are not worth sending back. */
const MIN_REUSED_BYTES = 8 << 10;

/**
 * Worker threads running `script` (dist/parseWorker.js), started when parts come and stopped a few seconds
 * after none are left: a log is read whole seldom, and an idle thread still holds memory. Parts are started in the
 * order they were asked for.
 */
export class WorkerPool implements PartParser {
  private readonly idle: Worker[] = [];
  private readonly busy = new Map<Worker, Job>();
  private readonly queue: Job[] = [];
  /**
   * Buffers the threads gave back with their parts, for the next parts' bytes: fresh memory costs a page
   * fault per 4 KB, which made copying the bytes the host thread's largest cost.
   */
  private readonly spare: ArrayBuffer[] = [];
  /** Buffers of merged parts' columns, for the threads' next columns (see allocateColumnsWith). */
  private readonly columnBuffers: ArrayBuffer[] = [];
  private stopTimer: ReturnType<typeof setTimeout> | undefined;

  private constructor(
    private readonly script: string,
    private readonly threads: number,
  ) {}

  /** A pool with a thread per core (up to MAX_THREADS); none on a single core, where threads gain nothing. */
  static create(script: string, cores = availableParallelism()): WorkerPool | undefined {
    return cores >= 2 ? new WorkerPool(script, Math.min(MAX_THREADS, cores)) : undefined;
  }

  async parse(bytes: Uint8Array, defaultRun: string, cancelled: () => boolean): Promise<ParsedPart> {
    const response = await this.run(bytes, defaultRun, cancelled, false);
    if (!('part' in response)) throw new Error('a part was answered with an index');
    return response.part;
  }

  async index(bytes: Uint8Array, defaultRun: string, cancelled: () => boolean): Promise<RunIndex[]> {
    const response = await this.run(bytes, defaultRun, cancelled, true);
    if (!('index' in response)) throw new Error('an index was answered with a part');
    return response.index;
  }

  async parseLog(input: LogInput): Promise<ParsedLog> {
    const response = await this.run(new Uint8Array(0), '', () => false, false, input);
    if ('error' in response) throw new Error(response.error);
    if (!('log' in response)) throw new Error('a log was answered with a part');
    return response.log;
  }

  private run(
    bytes: Uint8Array,
    defaultRun: string,
    cancelled: () => boolean,
    index: boolean,
    log?: LogInput,
  ): Promise<PartResponse> {
    return new Promise((resolve, reject) => {
      this.queue.push({ bytes, defaultRun, cancelled, index, log, resolve, reject });
      this.pump();
    });
  }

  private pump(): void {
    clearTimeout(this.stopTimer);
    while (this.queue.length > 0) {
      const worker = this.idle.pop() ?? (this.busy.size < this.threads ? this.spawn() : undefined);
      if (!worker) return;
      const job = this.queue.shift() as Job;
      if (job.cancelled()) {
        this.idle.push(worker);
        job.reject(new Error('cancelled'));
        continue;
      }
      this.busy.set(worker, job);
      if (job.log) {
        // The thread gets copies of the files: the caller's bytes stay theirs.
        const log = copyInput(job.log);
        worker.postMessage({ log } satisfies PartRequest, inputBuffers(log));
        continue;
      }
      // The thread gets a copy of its part: the log's bytes stay whole here (a part the merge refuses is pushed from them).
      // A new buffer has room for parts a little longer, so that it can serve them too.
      const buffer = takeBuffer(this.spare, job.bytes.length) ?? new ArrayBuffer(Math.ceil(job.bytes.length * 1.1));
      // An index sends back no columns: it needs no buffers for them.
      const buffers = job.index ? [] : this.columnBuffers.splice(0, BUFFERS_PER_PART);
      const request: PartRequest = {
        bytes: new Uint8Array(buffer, 0, job.bytes.length),
        defaultRun: job.defaultRun,
        buffers,
        index: job.index,
      };
      request.bytes.set(job.bytes);
      worker.postMessage(request, [buffer, ...buffers]);
    }
    // Idle threads are stopped after a grace period, not at once: the sidebar's first pass hands them one log
    // after another with reads in between, and a new thread pays its JIT warm-up again (about 2× per log).
    if (this.busy.size === 0 && this.queue.length === 0) {
      clearTimeout(this.stopTimer);
      this.stopTimer = setTimeout(() => this.stopIdle(), IDLE_THREAD_MS);
      // The timer alone does not keep a process (a test, the bench) running.
      this.stopTimer.unref?.();
    }
  }

  private stopIdle(): void {
    if (this.busy.size > 0 || this.queue.length > 0) return;
    for (const worker of this.idle.splice(0)) void worker.terminate();
    this.spare.length = 0;
    this.columnBuffers.length = 0;
  }

  recycle(part: ParsedPart): void {
    const buffers = new Set(
      partArrays(part)
        .filter((array) => array.byteLength >= MIN_REUSED_BYTES)
        .map((array) => array.buffer as ArrayBuffer),
    );
    this.columnBuffers.push(...buffers);
    if (this.columnBuffers.length > MAX_COLUMN_BUFFERS) this.columnBuffers.length = MAX_COLUMN_BUFFERS;
  }

  private spawn(): Worker {
    const worker = new Worker(this.script);
    worker.on('message', (response: PartResponse) => {
      const job = this.busy.get(worker);
      this.busy.delete(worker);
      this.idle.push(worker);
      if ('bytes' in response) this.spare.push(response.bytes.buffer as ArrayBuffer);
      job?.resolve(response);
      this.pump();
    });
    // A thread that fails (or cannot start) is gone: its part is refused, and the next part gets a new thread.
    const fail = (reason: Error): void => {
      const job = this.busy.get(worker);
      this.busy.delete(worker);
      const at = this.idle.indexOf(worker);
      if (at >= 0) this.idle.splice(at, 1);
      job?.reject(reason);
      this.pump();
    };
    worker.on('error', fail);
    worker.on('exit', (code) => fail(new Error(`parser thread stopped (exit code ${code})`)));
    return worker;
  }

  dispose(): void {
    clearTimeout(this.stopTimer);
    for (const job of this.queue.splice(0)) job.reject(new Error('cancelled'));
    for (const [worker, job] of this.busy) {
      job.reject(new Error('cancelled'));
      void worker.terminate();
    }
    this.busy.clear();
    for (const worker of this.idle.splice(0)) void worker.terminate();
  }
}
