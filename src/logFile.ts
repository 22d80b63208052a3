import * as vscode from 'vscode';
import { MetricsLogParser } from './core/jsonl';
import { runNameFromUri } from './charts';

/**
 * How many of the first and of the last parsed bytes are kept to tell an append (they are all still
 * there) from a rewrite.
 */
const SAMPLE_BYTES = 4096;
/**
 * Bytes parsed between two yields to the event loop: about 25 ms of parsing, so a log of hundreds of MB
 * does not freeze the extension host (every extension shares it) for seconds.
 */
const CHUNK_BYTES = 4 << 20;

/** Lets queued events run. setImmediate is Node's; a browser host (web extension) has only setTimeout. */
const yieldToEventLoop = (): Promise<void> =>
  new Promise((resolve) => (typeof setImmediate === 'function' ? setImmediate(resolve) : setTimeout(resolve, 0)));

/** How far a read of the file has got. */
export interface ReadProgress {
  readonly bytesParsed: number;
  readonly totalBytes: number;
}

/**
 * One metrics log, parsed into columns and followed while it grows. Reads go through
 * `vscode.workspace.fs`, so remote and virtual workspaces work. Only bytes past what was parsed
 * are fed to the parser, in chunks with a yield to the event loop between them; a file that was
 * rewritten (it shrank, its first or last parsed bytes changed, or it changed without growing) or
 * came back after it could not be read is parsed again from scratch into a new parser, which replaces
 * the old one when it is complete (views keep showing the old data meanwhile).
 */
export class LogFile implements vscode.Disposable {
  private parserValue: MetricsLogParser;
  private bytesParsed = 0;
  private mtime = -1;
  private head = new Uint8Array(0);
  private tail = new Uint8Array(0);
  private watcher: vscode.FileSystemWatcher | undefined;
  private reading: Promise<void> | undefined;
  private readAgain = false;
  private readonly changed = new vscode.EventEmitter<void>();
  private errorValue: string | undefined;
  private disposed = false;
  private readonly progress = new vscode.EventEmitter<ReadProgress>();
  /** Fired after new data was parsed (append or reload) or the file became unreadable. */
  readonly onDidChange = this.changed.event;
  /**
   * Fired after each chunk of a read that takes more than one (a large file, or a large append). The
   * parser already holds the data of the chunks before (unless the read is a reload from scratch).
   */
  readonly onDidProgress = this.progress.event;

  constructor(readonly uri: vscode.Uri) {
    this.parserValue = new MetricsLogParser(runNameFromUri(uri));
  }

  get parser(): MetricsLogParser {
    return this.parserValue;
  }

  /** Why the file could not be read, when it could not. */
  get error(): string | undefined {
    return this.errorValue;
  }

  /** Reads the file (again, if it changed). Concurrent calls coalesce into one more read. */
  refresh(): Promise<void> {
    if (this.reading) {
      this.readAgain = true;
      return this.reading;
    }
    this.reading = (async () => {
      do {
        this.readAgain = false;
        await this.readOnce();
      } while (this.readAgain);
    })().finally(() => {
      this.reading = undefined;
    });
    return this.reading;
  }

  /** Starts following the file: every change on disk triggers a refresh. */
  follow(): void {
    if (this.watcher) return;
    const folder = vscode.Uri.joinPath(this.uri, '..');
    const name = this.uri.path.slice(this.uri.path.lastIndexOf('/') + 1);
    this.watcher = vscode.workspace.createFileSystemWatcher(new vscode.RelativePattern(folder, name));
    const onChange = () => void this.refresh();
    this.watcher.onDidChange(onChange);
    this.watcher.onDidCreate(onChange);
    this.watcher.onDidDelete(onChange);
  }

  private async readOnce(): Promise<void> {
    let bytes: Uint8Array;
    let mtime: number;
    try {
      // Stat first: if the file changes between the two calls, the next refresh sees a newer mtime.
      mtime = (await vscode.workspace.fs.stat(this.uri)).mtime;
      bytes = await vscode.workspace.fs.readFile(this.uri);
    } catch (e) {
      if (this.disposed) return;
      // Views keep the last data they were sent: say so, and that a log written again comes back (it is still watched).
      const kept = this.bytesParsed > 0 ? ' Showing the data it last had.' : '';
      this.errorValue =
        (e as { code?: unknown }).code === 'FileNotFound'
          ? `${this.uri.path} no longer exists (deleted or moved).${kept} The charts update when it is written again.`
          : `Cannot read ${this.uri.path}: ${e instanceof Error ? e.message : String(e)}.${kept}`;
      this.changed.fire();
      return;
    }
    if (this.disposed) return;
    const hadError = this.errorValue !== undefined;
    this.errorValue = undefined;
    const keptHead = this.matches(bytes, 0, this.head);
    if (!hadError && bytes.length === this.bytesParsed && mtime === this.mtime && keptHead) return;
    // Appending only ever adds bytes: the parsed ones, first and last, must still be there. A file of the
    // same size with a new mtime was rewritten (an append would have grown it); a file that was gone was
    // replaced by whatever is there now.
    const appended =
      !hadError && bytes.length > this.bytesParsed && keptHead && this.matches(bytes, this.bytesParsed - this.tail.length, this.tail);
    const parser = appended ? this.parserValue : new MetricsLogParser(runNameFromUri(this.uri));
    const from = appended ? this.bytesParsed : 0;
    for (let offset = from; offset < bytes.length; offset += CHUNK_BYTES) {
      if (offset > from) {
        this.progress.fire({ bytesParsed: offset, totalBytes: bytes.length });
        await yieldToEventLoop();
        if (this.disposed) return;
      }
      parser.push(bytes.subarray(offset, Math.min(bytes.length, offset + CHUNK_BYTES)));
    }
    parser.finish();
    this.parserValue = parser;
    this.bytesParsed = bytes.length;
    this.mtime = mtime;
    this.head = bytes.slice(0, SAMPLE_BYTES);
    this.tail = bytes.slice(Math.max(0, bytes.length - SAMPLE_BYTES));
    this.changed.fire();
  }

  /** Whether `bytes` holds `expected` at `offset`. */
  private matches(bytes: Uint8Array, offset: number, expected: Uint8Array): boolean {
    if (offset < 0 || offset + expected.length > bytes.length) return false;
    for (let i = 0; i < expected.length; i++) if (bytes[offset + i] !== expected[i]) return false;
    return true;
  }

  dispose(): void {
    this.disposed = true;
    this.watcher?.dispose();
    this.changed.dispose();
    this.progress.dispose();
  }
}
