import * as vscode from 'vscode';
import { CHUNK_BYTES, MetricsLogParser } from './core/jsonl';
import type { PartParser } from './core/parts';
import { readLog } from './core/read';
import type { FileSnapshot, OpenFile } from './fileBytes';
import { logName } from './core/formats';
import { plainText } from './core/display';
import { coalescedRefresh, readError, watchFiles } from './logSource';

/**
 * How many of the first and of the last parsed bytes are kept to tell an append (they are all still
 * there) from a rewrite.
 */
const SAMPLE_BYTES = 4096;

/** Lets queued events run. setImmediate is Node's; a browser host (web extension) has only setTimeout. */
const yieldToEventLoop = (): Promise<void> =>
  new Promise((resolve) => (typeof setImmediate === 'function' ? setImmediate(resolve) : setTimeout(resolve, 0)));

/**
 * One metrics log, parsed into columns and followed while it grows. Reads go through `open` (Node's fs
 * by ranges for local files, `vscode.workspace.fs` for remote and virtual ones). Only bytes past what was parsed
 * are fed to the parser, in chunks with a yield to the event loop between them; a file that was
 * rewritten (it shrank, its first or last parsed bytes changed, or it changed without growing) or
 * came back after it could not be read is parsed again from scratch into a new parser, which replaces
 * the old one when it is complete (views keep showing the old data meanwhile). The first read is
 * different: there is nothing to show yet, so views get the parser as it fills, chunk by chunk.
 */
export class LogFile implements vscode.Disposable {
  readonly folder = false;
  private parserValue: MetricsLogParser;
  private bytesParsed = 0;
  private mtime = -1;
  private head: Uint8Array = new Uint8Array(0);
  private tail: Uint8Array = new Uint8Array(0);
  private watcher: vscode.FileSystemWatcher | undefined;
  private readonly changed = new vscode.EventEmitter<void>();
  private errorValue: string | undefined;
  private disposed = false;
  private loaded = false;
  private updatedAtValue: number | undefined;
  /** The parser, and its restarts, when listeners were last told of new data (see appendedOnly). */
  private notified: { parser: MetricsLogParser; restarts: number } | undefined;
  private appendedOnlyValue = false;
  /** Fired after new data was parsed (append, reload, or a chunk of the first read) or the file became unreadable. */
  readonly onDidChange = this.changed.event;

  /** `open`: how the file is read; `parts`: worker threads for parsing large reads (not in a browser); `log`: where large reads are told, with their times. */
  constructor(
    readonly uri: vscode.Uri,
    private readonly open: OpenFile,
    private readonly parts?: PartParser,
    private readonly log?: vscode.LogOutputChannel,
  ) {
    this.parserValue = new MetricsLogParser(logName(uri.path));
  }

  get parser(): MetricsLogParser {
    return this.parserValue;
  }

  /** Why the file could not be read, when it could not. */
  get error(): string | undefined {
    return this.errorValue;
  }

  /** Until the first read has ended: the parser may hold the start of the file only. */
  get loading(): boolean {
    return !this.loaded;
  }

  get updatedAt(): number | undefined {
    return this.updatedAtValue;
  }

  get appendedOnly(): boolean {
    return this.appendedOnlyValue;
  }

  /** Tells the listeners; first notes whether the columns they saw since only grew (same parser, no restart). */
  private notify(): void {
    const parser = this.parserValue;
    this.appendedOnlyValue = this.notified?.parser === parser && this.notified.restarts === parser.restarts;
    this.notified = { parser, restarts: parser.restarts };
    this.changed.fire();
  }

  /** Reads the file (again, if it changed). Concurrent calls coalesce into one more read. */
  readonly refresh = coalescedRefresh(() => this.readOnce());

  /** Starts following the file: every change on disk triggers a refresh. */
  follow(): void {
    const name = this.uri.path.slice(this.uri.path.lastIndexOf('/') + 1);
    this.watcher ??= watchFiles(
      new vscode.RelativePattern(vscode.Uri.joinPath(this.uri, '..'), name),
      () => void this.refresh(),
    );
  }

  private async readOnce(): Promise<void> {
    let snapshot: FileSnapshot;
    try {
      snapshot = await this.open(this.uri);
    } catch (e) {
      if (this.disposed) return;
      // Views keep the last data they were sent: say so, and that a log written again comes back (it is still watched).
      // Shown in the view (as text); each case is one whole sentence to translate.
      const kept = this.bytesParsed > 0;
      const where = vscode.workspace.asRelativePath(this.uri);
      if ((e as { code?: unknown }).code === 'FileNotFound')
        this.errorValue = kept
          ? vscode.l10n.t(
              '{0} no longer exists (deleted or moved). Showing the data it last had. The charts update when it is written again.',
              where,
            )
          : vscode.l10n.t(
              '{0} no longer exists (deleted or moved). The charts update when it is written again.',
              where,
            );
      else
        this.errorValue = kept
          ? vscode.l10n.t('Cannot read {0}: {1}. Showing the data it last had.', where, readError(e, this.uri))
          : vscode.l10n.t('Cannot read {0}: {1}.', where, readError(e, this.uri));
      this.loaded = true;
      this.notify();
      return;
    }
    try {
      await this.readSnapshot(snapshot);
    } finally {
      await snapshot.close();
    }
  }

  private async readSnapshot(snapshot: FileSnapshot): Promise<void> {
    if (this.disposed) return;
    const { size, mtime } = snapshot;
    const hadError = this.errorValue !== undefined;
    this.errorValue = undefined;
    const keptHead = await this.matches(snapshot, 0, this.head);
    if (!hadError && size === this.bytesParsed && mtime === this.mtime && keptHead) return;
    // Appending only ever adds bytes: the parsed ones, first and last, must still be there. A file of the
    // same size with a new mtime was rewritten (an append would have grown it); a file that was gone was
    // replaced by whatever is there now.
    const appended =
      !hadError &&
      size > this.bytesParsed &&
      keptHead &&
      (await this.matches(snapshot, this.bytesParsed - this.tail.length, this.tail));
    const first = !this.loaded;
    const parser = appended ? this.parserValue : new MetricsLogParser(logName(this.uri.path));
    if (first) this.parserValue = parser;
    const from = appended ? this.bytesParsed : 0;
    const name = this.uri.path.slice(this.uri.path.lastIndexOf('/') + 1);
    let parsedTo = from;
    const reading = vscode.l10n.t('Reading {0}', plainText(name));
    await this.withProgress(first && size > CHUNK_BYTES, reading, async (report) => {
      // The first read shows the data parsed so far after 1, 2, 4, 8, … chunks' worth: the first charts come
      // after one chunk, not the whole file, and redrawing them costs about one more full redraw in all.
      let showAt = CHUNK_BYTES;
      const started = Date.now();
      const how = await readLog(
        parser,
        snapshot.read,
        from,
        size,
        {
          parsed: (to) => {
            parsedTo = to;
            report(to - from, size - from);
            if (first && to - from >= showAt) {
              this.notify();
              while (showAt <= to - from) showAt *= 2;
            }
          },
          cancelled: () => this.disposed,
          pause: yieldToEventLoop,
        },
        this.parts,
      );
      if (size - from > CHUNK_BYTES && !this.disposed) {
        const mb = ((size - from) / 2 ** 20).toFixed(0);
        this.log?.info(`${name}: read ${mb} MB, parsed in ${Date.now() - started} ms (${how})`);
      }
    });
    // Closed while reading: the read stops there.
    if (this.disposed) {
      if (size - from > CHUNK_BYTES) {
        this.log?.info(
          `${name}: read stopped at ${Math.floor((100 * (parsedTo - from)) / (size - from))}%, as no view shows the log any more`,
        );
      }
      return;
    }
    parser.finish();
    this.parserValue = parser;
    this.bytesParsed = size;
    this.mtime = mtime;
    this.head = await snapshot.read(0, Math.min(size, SAMPLE_BYTES));
    this.tail = await snapshot.read(Math.max(0, size - SAMPLE_BYTES), size);
    if (!first) this.updatedAtValue = Date.now();
    this.loaded = true;
    this.notify();
  }

  /** Runs `read`, with a progress bar in the status bar when `show` (a read long enough to wait for). */
  private async withProgress(
    show: boolean,
    title: string,
    read: (report: (done: number, total: number) => void) => Promise<void>,
  ): Promise<void> {
    if (!show) return read(() => undefined);
    await vscode.window.withProgress({ location: vscode.ProgressLocation.Window, title }, async (progress) => {
      let reported = 0;
      await read((done, total) => {
        const percent = Math.floor((100 * done) / total);
        progress.report({ message: vscode.l10n.t('{0}%', percent), increment: percent - reported });
        reported = percent;
      });
    });
  }

  /** Whether the file holds `expected` at `offset`. */
  private async matches(snapshot: FileSnapshot, offset: number, expected: Uint8Array): Promise<boolean> {
    if (offset < 0 || offset + expected.length > snapshot.size) return false;
    const bytes = await snapshot.read(offset, offset + expected.length);
    return bytes.length === expected.length && bytes.every((byte, i) => byte === expected[i]);
  }

  dispose(): void {
    this.disposed = true;
    this.watcher?.dispose();
    this.changed.dispose();
  }
}
