import * as vscode from 'vscode';
import { LogFile } from './logFile';

/**
 * One parsed, followed `LogFile` per URI, shared by the sidebar, editors and comparisons so a log is
 * read and parsed once however many views show it. Released when its last user lets go.
 */
export class LogRegistry implements vscode.Disposable {
  private readonly entries = new Map<string, { file: LogFile; users: number }>();

  /** The log at `uri`, read (at least once) and followed. Call `release` when done with it. */
  async acquire(uri: vscode.Uri): Promise<LogFile> {
    const key = uri.toString();
    let entry = this.entries.get(key);
    if (!entry) {
      entry = { file: new LogFile(uri), users: 0 };
      this.entries.set(key, entry);
      entry.file.follow();
    }
    entry.users++;
    await entry.file.refresh();
    return entry.file;
  }

  release(file: LogFile): void {
    const key = file.uri.toString();
    const entry = this.entries.get(key);
    if (!entry || --entry.users > 0) return;
    this.entries.delete(key);
    entry.file.dispose();
  }

  dispose(): void {
    for (const { file } of this.entries.values()) file.dispose();
    this.entries.clear();
  }
}
