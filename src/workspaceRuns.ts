import * as vscode from 'vscode';
import type { CatalogRun } from './core/catalog';
import { discoverRuns, distinctLabels, logLocation } from './core/formats';
import { showDeletedMlflowRuns } from './settings';
import { fileOf, folderRunUri, runKey, runKindOf } from './core/runUri';
import type { IndexedLog, IndexStore, LogIndexer } from './sidebarIndex';

/** The sidebar's tree view (package.json), where its progress shows. */
const RUNS_VIEW = 'trainingCurves.runs';

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

/** Indexing that takes longer than this gets a notification with a Cancel button. */
const LONG_INDEXING_MS = 2000;
/** Logs indexed at once: enough to keep a disk and a core busy, few enough that file handles stay few. */
const CONCURRENT_READS = 4;

interface Entry {
  /** The log's file, or its folder for a folder run. */
  readonly uri: vscode.Uri;
  readonly folder: boolean;
  log: IndexedLog | undefined;
  /** A change came while it was being indexed: index it again after. */
  stale: boolean;
  indexing: boolean;
}

/**
 * Every log in the workspace, as the sidebar's index of it (sidebarIndex.ts): names, step ranges, last and
 * best values, never columns. Indexes come from storage when their log is unchanged, are built in one
 * streamed pass otherwise, and follow appends by reading only the new bytes.
 */
export class WorkspaceRuns implements vscode.Disposable {
  private readonly entries = new Map<string, Entry>();
  /** Folder runs by their folder's path, for the file events under them. */
  private readonly folders = new Map<string, string>();
  private readonly changed = new vscode.EventEmitter<void>();
  private readonly disposables: vscode.Disposable[] = [];
  private pending: ReturnType<typeof setTimeout> | undefined;
  private rescanTimer: ReturnType<typeof setTimeout> | undefined;
  private scanned: Promise<void> | undefined;
  /** Listings run one after another, so an older one never undoes a newer one. */
  private listing: Promise<unknown> = Promise.resolve();
  private readonly queue: string[] = [];
  private reading = 0;
  private disposed = false;
  private counts = { read: 0, stored: 0, appended: 0, failed: 0 };
  private idle: (() => void)[] = [];
  readonly onDidChange = this.changed.event;

  /** `store`: where indexes are kept between sessions (none: every log is read); `log`: where scans are told (Output › Training Curves). */
  constructor(
    private readonly indexer: LogIndexer,
    private readonly store: IndexStore | undefined,
    private readonly log?: vscode.LogOutputChannel,
  ) {
    // A new or deleted file can add a run, remove one, or change which files make a folder run: scan again.
    // A changed one is indexed again (its appended bytes only, when it grew).
    const watcher = vscode.workspace.createFileSystemWatcher(WATCH_GLOB);
    this.disposables.push(
      watcher,
      watcher.onDidCreate(() => this.scheduleRescan()),
      watcher.onDidDelete(() => this.scheduleRescan()),
      watcher.onDidChange((uri) => this.changedFile(uri)),
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

  /** The entry a changed file belongs to: its own, or the folder run above it. */
  private changedFile(uri: vscode.Uri): void {
    let key: string | undefined = this.entries.has(uri.toString()) ? uri.toString() : undefined;
    for (let end = uri.path.lastIndexOf('/'); !key && end > 0; end = uri.path.lastIndexOf('/', end - 1))
      key = this.folders.get(uri.path.slice(0, end));
    if (key) this.enqueue(key);
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
   * Lists the runs again and indexes the new ones; resolves once they are indexed. Never rejects (file
   * watchers and the tree call it): a failure is told in the output and the sidebar keeps what it had.
   */
  private async rescan(): Promise<void> {
    const listed = this.listing.then(() => this.list());
    this.listing = listed;
    const found = await listed;
    const added = found.filter((uri) => !this.entries.has(uri.toString()));
    if (added.length === 0) return;
    this.counts = { read: 0, stored: 0, appended: 0, failed: 0 };
    for (const uri of added) {
      const key = uri.toString();
      const folder = runKindOf(uri) !== 'file';
      this.entries.set(key, { uri: fileOf(uri), folder, log: undefined, stale: false, indexing: false });
      if (folder) this.folders.set(uri.path, key);
    }
    await vscode.window.withProgress({ location: { viewId: RUNS_VIEW } }, async () => {
      await Promise.all(
        added.map(async (uri) => {
          const key = uri.toString();
          const stored = await this.store?.get(key);
          const entry = this.entries.get(key);
          if (entry && stored && !entry.log) entry.log = stored;
          this.enqueue(key);
        }),
      );
      await this.cancellableUntil(this.whenIdle(), added.length);
    });
    const { read, stored, appended, failed } = this.counts;
    this.log?.info(
      `Sidebar: ${found.length} logs listed; ${added.length} new to it: ${read} read, ${appended} read from where they were indexed to, ` +
        `${stored} unchanged since they were indexed (not read again)${failed ? `, ${failed} could not be read` : ''}`,
    );
  }

  /**
   * Waits for `idle`; when that takes long (a first pass over many large logs), with a notification the user
   * can cancel: the logs not indexed yet are then left out until they change or the window reloads.
   */
  private async cancellableUntil(idle: Promise<void>, total: number): Promise<void> {
    const long = new Promise<boolean>((resolve) => setTimeout(() => resolve(true), LONG_INDEXING_MS));
    if (!(await Promise.race([idle.then(() => false), long]))) return;
    const title = vscode.l10n.t('Training Curves: indexing logs for the sidebar');
    const location = vscode.ProgressLocation.Notification;
    await vscode.window.withProgress({ location, title, cancellable: true }, async (progress, token) => {
      token.onCancellationRequested(() => this.stopIndexing());
      const report = (): void => {
        const indexed = [...this.entries.values()].filter((e) => e.log).length;
        progress.report({ message: vscode.l10n.t('{0} of {1} logs', Math.min(indexed, total), total) });
      };
      report();
      const timer = setInterval(report, 500);
      try {
        await idle;
      } finally {
        clearInterval(timer);
      }
    });
  }

  /** The user cancelled indexing: what is being read stops, and what is not indexed yet is left out. */
  private stopIndexing(): void {
    this.queue.length = 0;
    const left = [...this.entries].filter(([, entry]) => !entry.log);
    for (const [key, entry] of left) {
      this.entries.delete(key);
      if (entry.folder) this.folders.delete(vscode.Uri.parse(key).path);
    }
    this.log?.info(`Sidebar: indexing cancelled; ${left.length} logs left out until they change or the window reloads`);
    this.schedule();
  }

  /** The runs now, with the runs that went released; none when listing fails. */
  private async list(): Promise<vscode.Uri[]> {
    try {
      const found = await this.findRuns();
      const wanted = new Set(found.map((u) => u.toString()));
      for (const key of [...this.entries.keys()]) if (!wanted.has(key)) this.remove(key);
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

  private enqueue(key: string): void {
    const entry = this.entries.get(key);
    if (!entry) return;
    if (entry.indexing) {
      entry.stale = true;
      return;
    }
    if (!this.queue.includes(key)) this.queue.push(key);
    this.pump();
  }

  private pump(): void {
    while (this.reading < CONCURRENT_READS && this.queue.length > 0 && !this.disposed) {
      const key = this.queue.shift()!;
      this.reading++;
      void this.indexOne(key).finally(() => {
        this.reading--;
        this.pump();
        if (this.reading === 0 && this.queue.length === 0) for (const done of this.idle.splice(0)) done();
      });
    }
  }

  private whenIdle(): Promise<void> {
    if (this.reading === 0 && this.queue.length === 0) return Promise.resolve();
    return new Promise((resolve) => this.idle.push(resolve));
  }

  private async indexOne(key: string): Promise<void> {
    const entry = this.entries.get(key);
    if (!entry) return;
    entry.indexing = true;
    entry.stale = false;
    try {
      const log = await this.indexer.index(
        vscode.Uri.parse(key),
        entry.log,
        () => this.disposed || !this.entries.has(key),
      );
      if (this.entries.get(key) !== entry) return;
      if (log.how === 'read' || log.how === 'appended' || log.how === 'stored') this.counts[log.how]++;
      const changed = log.how !== 'stored' && log.how !== 'unchanged';
      entry.log = log;
      if (changed && log.stamp)
        await this.store?.set(key, log).then(undefined, (e: unknown) => this.report('cannot store an index', e));
      this.schedule();
    } catch (e) {
      this.counts.failed++;
      this.report(`cannot read ${vscode.Uri.parse(key).toString(true)}`, e);
    } finally {
      entry.indexing = false;
      if (entry.stale) this.enqueue(key);
    }
  }

  private remove(key: string): void {
    const entry = this.entries.get(key);
    if (!entry) return;
    this.entries.delete(key);
    if (entry.folder) this.folders.delete(vscode.Uri.parse(key).path);
    void this.store?.delete(key);
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
    for (const [fileKey, { uri, folder, log }] of this.entries) {
      for (const run of log?.runs ?? []) {
        if (!showDeleted && run.deleted) continue;
        runs.push({
          key: runKey(fileKey, run.name),
          label: run.name,
          file: fileKey,
          method: run.method,
          metrics: run.metrics,
        });
        locations.push(logLocation(uri.path, folder));
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
    this.disposed = true;
    if (this.pending) clearTimeout(this.pending);
    if (this.rescanTimer) clearTimeout(this.rescanTimer);
    this.entries.clear();
    for (const d of this.disposables) d.dispose();
    this.changed.dispose();
  }
}
