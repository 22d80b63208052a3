import * as vscode from 'vscode';
import { LogFile } from './logFile';
import { FormatSource } from './formatSource';
import type { LogSource } from './logSource';
import type { PartParser } from './core/parts';
import type { OpenFile } from './fileBytes';
import { fileOf, runKindOf } from './core/runUri';

/** The reader for a log: JSON lines are parsed as they grow; every other format is re-read whole. */
function createSource(
  uri: vscode.Uri,
  open: OpenFile,
  parts: PartParser | undefined,
  log: vscode.LogOutputChannel | undefined,
): LogSource {
  const kind = runKindOf(uri);
  if (kind !== 'file') return new FormatSource(fileOf(uri), kind, parts, log);
  if (/\.jsonl$/i.test(uri.path)) return new LogFile(uri, open, parts, log);
  return new FormatSource(uri, 'file', parts, log);
}

/**
 * One parsed, followed log per URI, shared by the sidebar, editors and comparisons so a log is read
 * and parsed once however many views show it. Released when its last user lets go.
 */
export class LogRegistry implements vscode.Disposable {
  private readonly entries = new Map<string, { file: LogSource; users: number; firstRead: Promise<void> }>();

  /** `open`: how files are read; `parts`: worker threads for parsing large JSON-lines logs, where there are any; `log`: where large reads are told. */
  constructor(
    private readonly open: OpenFile,
    private readonly parts?: PartParser,
    private readonly log?: vscode.LogOutputChannel,
  ) {}

  /**
   * The log at `uri`, followed. With `waitForRead` the promise resolves once it has been read; views
   * do not wait, so they show its first charts while the rest is parsed. Call `release` when done with it.
   */
  async acquire(uri: vscode.Uri, waitForRead = true): Promise<LogSource> {
    const key = uri.toString();
    let entry = this.entries.get(key);
    if (!entry) {
      const file = createSource(uri, this.open, this.parts, this.log);
      entry = { file, users: 0, firstRead: file.refresh() };
      this.entries.set(key, entry);
      file.follow();
    }
    entry.users++;
    if (waitForRead) await entry.firstRead;
    return entry.file;
  }

  release(file: LogSource): void {
    for (const [key, entry] of this.entries) {
      if (entry.file !== file) continue;
      if (--entry.users > 0) return;
      this.entries.delete(key);
      entry.file.dispose();
      return;
    }
  }

  dispose(): void {
    for (const { file } of this.entries.values()) file.dispose();
    this.entries.clear();
  }
}
