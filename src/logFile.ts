import * as vscode from 'vscode';
import { MetricsLogParser } from './core/jsonl';
import { runNameFromUri } from './charts';

/** How many leading bytes identify a file's content: if they change, the file was rewritten, not appended to. */
const HEAD_BYTES = 4096;
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
 * are fed to the parser, in chunks with a yield to the event loop between them; a file that shrank
 * or whose head changed is parsed again from scratch into a new parser, which replaces the old one
 * when it is complete (views keep showing the old data meanwhile).
 */
export class LogFile implements vscode.Disposable {
  private parserValue: MetricsLogParser;
  private bytesParsed = 0;
  private head = new Uint8Array(0);
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
    try {
      bytes = await vscode.workspace.fs.readFile(this.uri);
    } catch (e) {
      this.errorValue = `Cannot read ${this.uri.path}: ${e instanceof Error ? e.message : String(e)}`;
      this.changed.fire();
      return;
    }
    const hadError = this.errorValue !== undefined;
    this.errorValue = undefined;
    if (bytes.length === this.bytesParsed && this.sameHead(bytes) && !hadError) return;
    const rewritten = bytes.length < this.bytesParsed || !this.sameHead(bytes);
    const parser = rewritten ? new MetricsLogParser(runNameFromUri(this.uri)) : this.parserValue;
    const from = rewritten ? 0 : this.bytesParsed;
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
    this.head = bytes.slice(0, HEAD_BYTES);
    this.changed.fire();
  }

  private sameHead(bytes: Uint8Array): boolean {
    const n = Math.min(this.head.length, bytes.length);
    if (n < this.head.length) return false;
    for (let i = 0; i < n; i++) if (bytes[i] !== this.head[i]) return false;
    return true;
  }

  dispose(): void {
    this.disposed = true;
    this.watcher?.dispose();
    this.changed.dispose();
    this.progress.dispose();
  }
}
