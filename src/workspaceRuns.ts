import * as vscode from 'vscode';
import type { LogSource } from './logSource';
import type { LogRegistry } from './logRegistry';
import type { CatalogRun } from './core/catalog';
import { discoverRuns } from './core/formats';

export const METRICS_GLOB = '**/*.metrics.jsonl';
/** Files that make runs in any format the sidebar lists (plain `.jsonl` and CSV only via Open Folder of Runs). */
const RUNS_GLOB = '**/{*.metrics.jsonl,trainer_state.json,events.out.tfevents.*,results*.json,mlruns/*/*/meta.yaml,mlruns/*/*/metrics/**}';
const EXCLUDE_GLOB = '**/node_modules/**';
/** Enough for any workspace of runs; findFiles stops there rather than walk a huge tree. */
const MAX_FILES = 20000;
/** Trainers append many lines a second: rebuild the sidebar at most this often. */
const CHANGE_DELAY_MS = 300;

/** Every metrics log in the workspace, parsed and kept current as files appear, grow and vanish. */
export class WorkspaceRuns implements vscode.Disposable {
  private readonly files = new Map<string, { file: LogSource; listener: vscode.Disposable }>();
  private readonly changed = new vscode.EventEmitter<void>();
  private readonly disposables: vscode.Disposable[] = [];
  private pending: ReturnType<typeof setTimeout> | undefined;
  private rescanTimer: ReturnType<typeof setTimeout> | undefined;
  private scanned: Promise<void> | undefined;
  readonly onDidChange = this.changed.event;

  constructor(private readonly registry: LogRegistry) {
    // A new or deleted file can add a run, remove one, or change which files make a folder run: scan again.
    const watcher = vscode.workspace.createFileSystemWatcher(RUNS_GLOB, false, true, false);
    this.disposables.push(
      watcher,
      watcher.onDidCreate(() => this.scheduleRescan()),
      watcher.onDidDelete(() => this.scheduleRescan()),
      vscode.workspace.onDidChangeWorkspaceFolders(() => void this.rescan()),
    );
  }

  /** Finds the workspace's logs the first time it is asked, then answers from what it follows. */
  ready(): Promise<void> {
    this.scanned ??= this.rescan();
    return this.scanned;
  }

  private scheduleRescan(): void {
    if (this.rescanTimer) return;
    this.rescanTimer = setTimeout(() => {
      this.rescanTimer = undefined;
      void this.rescan();
    }, CHANGE_DELAY_MS);
  }

  /** The runs in the workspace as registry URIs: a file, or a folder run with its format as fragment. */
  private async findRuns(): Promise<vscode.Uri[]> {
    const found = await vscode.workspace.findFiles(RUNS_GLOB, EXCLUDE_GLOB, MAX_FILES);
    const byPath = new Map(found.map((uri) => [uri.path, uri]));
    return discoverRuns([...byPath.keys()]).runs.map((run) => {
      if (run.kind === 'file') return byPath.get(run.path)!;
      const member = found.find((uri) => uri.path.startsWith(`${run.folder}/`))!;
      return member.with({ path: run.folder, fragment: run.kind });
    });
  }

  private async rescan(): Promise<void> {
    const found = await this.findRuns();
    const keep = new Set(found.map((u) => u.toString()));
    for (const key of [...this.files.keys()]) if (!keep.has(key)) this.remove(key);
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

  private remove(key: string): void {
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
    // The key (with a folder run's format as fragment) is what the registry opens again.
    for (const [fileKey, { file }] of this.files) {
      for (const run of file.parser.runs.values()) {
        runs.push({ key: `${fileKey}#${run.name}`, label: run.name, file: fileKey, method: run.method, metrics: run.metrics });
      }
    }
    return runs;
  }

  dispose(): void {
    if (this.pending) clearTimeout(this.pending);
    if (this.rescanTimer) clearTimeout(this.rescanTimer);
    for (const { file, listener } of this.files.values()) {
      listener.dispose();
      this.registry.release(file);
    }
    this.files.clear();
    for (const d of this.disposables) d.dispose();
    this.changed.dispose();
  }
}
