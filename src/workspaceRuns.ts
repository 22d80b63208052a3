import * as vscode from 'vscode';
import type { LogSource } from './logSource';
import type { LogRegistry } from './logRegistry';
import type { CatalogRun } from './core/catalog';
import { discoverRuns, distinctLabels, logLocation } from './core/formats';
import { isDeletedRun } from './core/formats/mlflow';
import { showDeletedMlflowRuns } from './settings';
import { folderRunUri, runKey } from './core/runUri';

export const METRICS_GLOB = '**/*.metrics.jsonl';
/**
 * Files that make runs in any format the sidebar lists (plain `.jsonl` and CSV only via Open Folder of Runs).
 * Of an MLflow run only meta.yaml and metrics/ match, so writes to its artifacts/ (saved models) start no rescan.
 */
const RUN_FILES = [
  '*.metrics.jsonl',
  'trainer_state.json',
  'events.out.tfevents.*',
  'results*.json',
  'mlruns/*/*/meta.yaml',
  'mlruns/*/*/metrics/**',
];
const RUNS_GLOB = `**/{${RUN_FILES.join(',')}}`;
/**
 * What the watcher rescans on: those files, and an MLflow store, experiment or run folder created or deleted
 * whole (moved in, `rm -r`), which is one event for the folder and none for the files in it.
 */
const WATCH_GLOB = `**/{${[...RUN_FILES, 'mlruns', 'mlruns/*', 'mlruns/*/*'].join(',')}}`;
const EXCLUDE_GLOB = '**/node_modules/**';
/** Enough for any workspace of runs; findFiles stops there rather than walk a huge tree. */
const MAX_FILES = 20000;
/** Trainers append many lines a second: rebuild the sidebar at most this often. */
const CHANGE_DELAY_MS = 300;

/**
 * Each folder above one of `found`, with one file under it: a folder run takes its URI (scheme,
 * authority) from a file in it. One pass, each folder once, rather than a search per run.
 */
function fileUnderFolder(found: readonly vscode.Uri[]): Map<string, vscode.Uri> {
  const under = new Map<string, vscode.Uri>();
  for (const uri of found) {
    const path = uri.path;
    for (let end = path.lastIndexOf('/'); end > 0; end = path.lastIndexOf('/', end - 1)) {
      const folder = path.slice(0, end);
      // Its parents were entered with it.
      if (under.has(folder)) break;
      under.set(folder, uri);
    }
  }
  return under;
}

/** Every metrics log in the workspace, parsed and kept current as files appear, grow and vanish. */
export class WorkspaceRuns implements vscode.Disposable {
  private readonly files = new Map<string, { file: LogSource; listener: vscode.Disposable }>();
  private readonly changed = new vscode.EventEmitter<void>();
  private readonly disposables: vscode.Disposable[] = [];
  private pending: ReturnType<typeof setTimeout> | undefined;
  private rescanTimer: ReturnType<typeof setTimeout> | undefined;
  private scanned: Promise<void> | undefined;
  /** Listings run one after another, so an older one never undoes a newer one. */
  private listing: Promise<unknown> = Promise.resolve();
  /** The runs of the latest listing (URI strings): a read that ends after its run went is dropped. */
  private wanted = new Set<string>();
  readonly onDidChange = this.changed.event;

  /** `log`: where a failed scan is told (Output › Training Curves). */
  constructor(
    private readonly registry: LogRegistry,
    private readonly log?: vscode.LogOutputChannel,
  ) {
    // A new or deleted file can add a run, remove one, or change which files make a folder run: scan again.
    const watcher = vscode.workspace.createFileSystemWatcher(WATCH_GLOB, false, true, false);
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

  /** The runs in the workspace as registry URIs (see runUri.ts). */
  private async findRuns(): Promise<vscode.Uri[]> {
    const found = await vscode.workspace.findFiles(RUNS_GLOB, EXCLUDE_GLOB, MAX_FILES);
    const byPath = new Map(found.map((uri) => [uri.path, uri]));
    const under = fileUnderFolder(found);
    const uris: vscode.Uri[] = [];
    for (const run of discoverRuns([...byPath.keys()]).runs) {
      const member = run.kind === 'file' ? byPath.get(run.path) : under.get(run.folder);
      // Every run comes from the found files; one that does not is skipped rather than empty the sidebar.
      if (!member) this.report(`no file found for the ${run.kind} run ${run.kind === 'file' ? run.path : run.folder}`);
      else uris.push(run.kind === 'file' ? member : folderRunUri(member.with({ path: run.folder }), run.kind));
    }
    return uris;
  }

  /**
   * Lists the runs again and follows them; resolves once the new ones are read. Never rejects (file watchers
   * and the tree call it): a failure is told in the output and the sidebar keeps what it had.
   */
  private async rescan(): Promise<void> {
    const listed = this.listing.then(() => this.list());
    this.listing = listed;
    const found = await listed;
    await Promise.all(
      found.map((uri) => this.add(uri).catch((e: unknown) => this.report(`cannot read ${uri.toString(true)}`, e))),
    );
  }

  /** The runs now, with the runs that went released; none when listing fails. */
  private async list(): Promise<vscode.Uri[]> {
    try {
      const found = await this.findRuns();
      this.wanted = new Set(found.map((u) => u.toString()));
      for (const key of [...this.files.keys()]) if (!this.wanted.has(key)) this.remove(key);
      return found;
    } catch (e) {
      this.report("cannot list the workspace's training logs", e);
      return [];
    }
  }

  private report(what: string, error?: unknown): void {
    const message = `Sidebar: ${what}${error === undefined ? '' : `: ${error instanceof Error ? (error.stack ?? error.message) : JSON.stringify(error)}`}`;
    if (this.log) this.log.error(message);
    else console.error(`[Training Curves] ${message}`);
  }

  private async add(uri: vscode.Uri): Promise<void> {
    const key = uri.toString();
    if (this.files.has(key)) return;
    const file = await this.registry.acquire(uri);
    if (this.files.has(key) || !this.wanted.has(key)) {
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

  /** Every run of every log, keyed by file and run name; MLflow runs marked deleted only with showDeletedMlflowRuns. */
  runs(): CatalogRun[] {
    const runs: CatalogRun[] = [];
    const locations: string[] = [];
    const showDeleted = showDeletedMlflowRuns();
    // The file key (a run's URI) is what the registry opens again.
    for (const [fileKey, { file }] of this.files) {
      for (const run of file.parser.runs.values()) {
        if (!showDeleted && isDeletedRun(run)) continue;
        runs.push({
          key: runKey(fileKey, run.name),
          label: run.name,
          file: fileKey,
          method: run.method,
          metrics: run.metrics,
        });
        locations.push(logLocation(file.uri.path, file.folder));
      }
    }
    // Two logs' runs of one name (two `exp/train` folders) are told apart by their paths, as in the views.
    const labels = distinctLabels(
      runs.map((r) => r.label),
      locations,
    );
    return runs.map((run, i) => {
      const label = labels[i] ?? run.label;
      return label === run.label ? run : { ...run, label };
    });
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
