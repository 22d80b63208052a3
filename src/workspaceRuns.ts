import * as vscode from 'vscode';
import type { LogFile } from './logFile';
import type { LogRegistry } from './logRegistry';
import type { CatalogRun } from './core/catalog';

export const METRICS_GLOB = '**/*.metrics.jsonl';
const EXCLUDE_GLOB = '**/node_modules/**';
/** Trainers append many lines a second: rebuild the sidebar at most this often. */
const CHANGE_DELAY_MS = 300;

/** Every metrics log in the workspace, parsed and kept current as files appear, grow and vanish. */
export class WorkspaceRuns implements vscode.Disposable {
  private readonly files = new Map<string, { file: LogFile; listener: vscode.Disposable }>();
  private readonly changed = new vscode.EventEmitter<void>();
  private readonly disposables: vscode.Disposable[] = [];
  private pending: ReturnType<typeof setTimeout> | undefined;
  private scanned: Promise<void> | undefined;
  readonly onDidChange = this.changed.event;

  constructor(private readonly registry: LogRegistry) {
    const watcher = vscode.workspace.createFileSystemWatcher(METRICS_GLOB);
    this.disposables.push(
      watcher,
      watcher.onDidCreate((uri) => void this.add(uri)),
      watcher.onDidDelete((uri) => this.remove(uri)),
      vscode.workspace.onDidChangeWorkspaceFolders(() => void this.rescan()),
    );
  }

  /** Finds the workspace's logs the first time it is asked, then answers from what it follows. */
  ready(): Promise<void> {
    this.scanned ??= this.rescan();
    return this.scanned;
  }

  private async rescan(): Promise<void> {
    const found = await vscode.workspace.findFiles(METRICS_GLOB, EXCLUDE_GLOB);
    const keep = new Set(found.map((u) => u.toString()));
    for (const key of [...this.files.keys()]) if (!keep.has(key)) this.remove(vscode.Uri.parse(key));
    await Promise.all(found.map((uri) => this.add(uri)));
  }

  private async add(uri: vscode.Uri): Promise<void> {
    const key = uri.toString();
    if (this.files.has(key)) return;
    const file = await this.registry.acquire(uri);
    if (this.files.has(key)) {
      this.registry.release(file);
      return;
    }
    this.files.set(key, { file, listener: file.onDidChange(() => this.schedule()) });
    this.schedule();
  }

  private remove(uri: vscode.Uri): void {
    const key = uri.toString();
    const entry = this.files.get(key);
    if (!entry) return;
    this.files.delete(key);
    entry.listener.dispose();
    this.registry.release(entry.file);
    this.schedule();
  }

  private schedule(): void {
    if (this.pending) return;
    this.pending = setTimeout(() => {
      this.pending = undefined;
      this.changed.fire();
    }, CHANGE_DELAY_MS);
  }

  /** Every run of every log, keyed by file and run name. */
  runs(): CatalogRun[] {
    const runs: CatalogRun[] = [];
    for (const { file } of this.files.values()) {
      const fileKey = file.uri.toString();
      for (const run of file.parser.runs.values()) {
        runs.push({ key: `${fileKey}#${run.name}`, label: run.name, file: fileKey, method: run.method, metrics: run.metrics });
      }
    }
    return runs;
  }

  dispose(): void {
    if (this.pending) clearTimeout(this.pending);
    for (const { file, listener } of this.files.values()) {
      listener.dispose();
      this.registry.release(file);
    }
    this.files.clear();
    for (const d of this.disposables) d.dispose();
    this.changed.dispose();
  }
}
