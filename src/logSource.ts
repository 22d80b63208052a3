import * as vscode from 'vscode';
import type { ParsedRuns } from './core/types';

/** A log — a file, or a folder of files making runs — read, parsed and followed. */
export interface LogSource extends vscode.Disposable {
  readonly uri: vscode.Uri;
  /** A folder run (TensorBoard, lm-eval, MLflow): `uri` is the folder, which has no lines to show. */
  readonly folder: boolean;
  readonly parser: ParsedRuns;
  /** Why the log could not be read, when it could not. */
  readonly error: string | undefined;
  /** Until the first read has ended: `parser` may hold part of the log only. */
  readonly loading: boolean;
  /** When the log last changed on disk after its first read (ms since the epoch): a run still training. */
  readonly updatedAt: number | undefined;
  /**
   * Whether the last change only added points to the columns seen before it (an append without a restart),
   * so that what views derived from them can be extended rather than derived again (ColumnMemo.appended).
   */
  readonly appendedOnly: boolean;
  /** Fired after new data was parsed or the log became unreadable. */
  readonly onDidChange: vscode.Event<void>;
  refresh(): Promise<void>;
  /** Starts watching: every change on disk triggers a refresh. */
  follow(): void;
}

/**
 * `readOnce` as a refresh: while a read runs, further calls coalesce into one more read after it (a burst
 * of file events costs at most one extra read), and every caller gets the promise of the reads to come.
 */
export function coalescedRefresh(readOnce: () => Promise<void>): () => Promise<void> {
  let reading: Promise<void> | undefined;
  let again = false;
  return () => {
    if (reading) {
      again = true;
      return reading;
    }
    reading = (async () => {
      do {
        again = false;
        await readOnce();
      } while (again);
    })().finally(() => (reading = undefined));
    return reading;
  };
}

/** A watcher calling `onChange` when a file matching `pattern` is changed, created or deleted. */
export function watchFiles(pattern: vscode.RelativePattern, onChange: () => void): vscode.FileSystemWatcher {
  const watcher = vscode.workspace.createFileSystemWatcher(pattern);
  watcher.onDidChange(onChange);
  watcher.onDidCreate(onChange);
  watcher.onDidDelete(onChange);
  return watcher;
}

/**
 * Why `uri` could not be read, for the view: the error's message with the log's absolute path (as a
 * path or a URI) replaced by the workspace-relative one, so no absolute path reaches the webview.
 */
export function readError(e: unknown, uri: vscode.Uri): string {
  const message = e instanceof Error ? e.message : String(e);
  const shown = vscode.workspace.asRelativePath(uri);
  return [uri.toString(), uri.toString(true), uri.path].reduce(
    (text, absolute) => text.split(absolute).join(shown),
    message,
  );
}
