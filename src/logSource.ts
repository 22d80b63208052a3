import type * as vscode from 'vscode';
import type { ParsedRuns } from './core/types';

/** A log — a file, or a folder of files making runs — read, parsed and followed. */
export interface LogSource extends vscode.Disposable {
  readonly uri: vscode.Uri;
  readonly parser: ParsedRuns;
  /** Why the log could not be read, when it could not. */
  readonly error: string | undefined;
  /** Until the first read has ended: `parser` may hold part of the log only. */
  readonly loading: boolean;
  /** When the log last changed on disk after its first read (ms since the epoch): a run still training. */
  readonly updatedAt: number | undefined;
  /** Fired after new data was parsed or the log became unreadable. */
  readonly onDidChange: vscode.Event<void>;
  refresh(): Promise<void>;
  /** Starts watching: every change on disk triggers a refresh. */
  follow(): void;
}
