import * as vscode from 'vscode';
import { MetricsLogParser } from './core/jsonl';
import { runNameFromUri } from './charts';

/** How many leading bytes identify a file's content: if they change, the file was rewritten, not appended to. */
const HEAD_BYTES = 4096;

/**
 * One metrics log, parsed into columns and followed while it grows. Reads go through
 * `vscode.workspace.fs`, so remote and virtual workspaces work. Only bytes past what was parsed
 * are fed to the parser; a file that shrank or whose head changed is parsed again from scratch.
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
  /** Fired after new data was parsed (append or reload) or the file became unreadable. */
  readonly onDidChange = this.changed.event;

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
    if (bytes.length < this.bytesParsed || !this.sameHead(bytes)) {
      this.parserValue = new MetricsLogParser(runNameFromUri(this.uri));
      this.bytesParsed = 0;
    }
    this.parserValue.push(bytes.subarray(this.bytesParsed));
    this.parserValue.finish();
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
    this.watcher?.dispose();
    this.changed.dispose();
  }
}
