import * as vscode from 'vscode';
import { type LogFile as FormatInput, type ParsedLog, type RunLocation } from './core/formats';
import { inputBytes, parseLog, type LogInput } from './core/formats/parseLog';
import type { PartParser } from './core/parts';
import type { FolderRunKind } from './core/runUri';
import { isMlflowRunFile, isMlflowRunFolder, MLFLOW_RUN_GLOB } from './core/formats/mlflow';
import { LM_EVAL_FILE } from './core/formats/lm-eval';
import type { Run } from './core/types';
import { coalescedRefresh, readError, watchFiles, type LogSource } from './logSource';
import type { ParsedRuns } from './core/types';

/**
 * Inputs of this many bytes are parsed on a worker thread (when there are any): about 100 ms of parsing,
 * more than the host's thread should be held for at once.
 */
const THREAD_PARSE_BYTES = 8 << 20;
/** A folder run holds a few dozen files; past this the walk stops rather than read a whole disk. */
const MAX_FOLDER_FILES = 5000;
/** The files of a folder run that its parser reads. */
const FOLDER_FILES: Record<'tensorboard' | 'lm-eval', RegExp> = {
  tensorboard: /^events\.out\.tfevents\./,
  'lm-eval': LM_EVAL_FILE,
};
const EMPTY: ParsedRuns = { runs: new Map(), skipped: { count: 0, first: [] }, notices: [] };

function baseName(uri: vscode.Uri): string {
  return uri.path.slice(uri.path.lastIndexOf('/') + 1);
}

/**
 * Every file below `folder`, as paths relative to it ('/'-separated), depth first, bounded. Symbolic links
 * are not followed: a loop would walk forever, and a run's `tags/mlflow.runName -> /etc/hostname` would
 * read a file from outside the folder. `enter` picks which subfolders are walked.
 */
export async function listFiles(
  folder: vscode.Uri,
  limit = MAX_FOLDER_FILES,
  enter: (path: string) => boolean = () => true,
): Promise<string[]> {
  const found: string[] = [];
  const walk = async (relative: string): Promise<void> => {
    const entries = await vscode.workspace.fs.readDirectory(relative ? vscode.Uri.joinPath(folder, relative) : folder);
    for (const [name, type] of entries.sort(([a], [b]) => a.localeCompare(b))) {
      if (found.length >= limit) return;
      const path = relative ? `${relative}/${name}` : name;
      if (type & vscode.FileType.SymbolicLink) continue;
      if (type & vscode.FileType.Directory) {
        if (name !== 'node_modules' && !name.startsWith('.') && enter(path)) await walk(path);
      } else found.push(path);
    }
  };
  await walk('');
  return found;
}

/** Runs of a parse, keyed by name; a repeated name gets a number so no run hides another. */
function byName(runs: readonly Run[]): Map<string, Run> {
  const map = new Map<string, Run>();
  for (const run of runs) {
    let name = run.name;
    for (let i = 2; map.has(name); i++) name = `${run.name} (${i})`;
    map.set(name, name === run.name ? run : { ...run, name });
  }
  return map;
}

/**
 * A log in one of the formats besides JSON lines (docs/format.md): trainer_state.json, CSV, a
 * TensorBoard event file or run folder, lm-eval results, an MLflow run folder. These files are small
 * next to JSON-lines logs, or rewritten whole, so a change re-reads the log rather than appending.
 */
export class FormatSource implements LogSource {
  private parsed: ParsedRuns = EMPTY;
  private errorValue: string | undefined;
  private updatedAtValue: number | undefined;
  private watcher: vscode.FileSystemWatcher | undefined;
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChange = this.changed.event;
  /** Each change re-reads the log into new columns. */
  readonly appendedOnly = false;

  /** `parts`: worker threads for parsing large inputs, where there are any; `log`: where such parses are told. */
  constructor(
    readonly uri: vscode.Uri,
    private readonly location: RunLocation['kind'],
    private readonly parts?: PartParser,
    private readonly log?: vscode.LogOutputChannel,
  ) {}

  get folder(): boolean {
    return this.location !== 'file';
  }

  get parser(): ParsedRuns {
    return this.parsed;
  }

  get error(): string | undefined {
    return this.errorValue;
  }

  get loading(): boolean {
    return this.parsed === EMPTY && this.errorValue === undefined;
  }

  get updatedAt(): number | undefined {
    return this.updatedAtValue;
  }

  readonly refresh = coalescedRefresh(() => this.readOnce());

  follow(): void {
    const pattern =
      this.location === 'file'
        ? new vscode.RelativePattern(vscode.Uri.joinPath(this.uri, '..'), baseName(this.uri))
        : new vscode.RelativePattern(this.uri, this.location === 'mlflow' ? MLFLOW_RUN_GLOB : '**/*');
    this.watcher ??= watchFiles(pattern, () => void this.refresh());
  }

  private async readOnce(): Promise<void> {
    let log: ParsedLog;
    try {
      const location = this.location;
      log = location === 'file' ? await this.readFile() : await this.readFolder(location);
    } catch (e) {
      log = {
        runs: [],
        skipped: { count: 0, first: [] },
        notices: [],
        error: vscode.l10n.t('Cannot read {0}: {1}', vscode.workspace.asRelativePath(this.uri), readError(e, this.uri)),
      };
    }
    this.errorValue = log.error;
    if (!log.error && this.parsed !== EMPTY) this.updatedAtValue = Date.now();
    // A JSON file caught mid-write reads as an error: keep showing what was read before until it is whole.
    if (!log.error || this.parsed === EMPTY)
      this.parsed = { runs: byName(log.runs), skipped: log.skipped, notices: log.notices };
    this.changed.fire();
  }

  private async readFile(): Promise<ParsedLog> {
    const bytes = await vscode.workspace.fs.readFile(this.uri);
    return this.parse({ kind: 'file', file: { path: this.uri.path, bytes } });
  }

  private async readFolder(kind: FolderRunKind): Promise<ParsedLog> {
    // An MLflow run reads meta.yaml, metrics/, params/ and tags/: its artifacts/ (saved models) are not even listed.
    const all = await listFiles(this.uri, MAX_FOLDER_FILES, kind === 'mlflow' ? isMlflowRunFolder : undefined);
    // The others read files directly in the folder.
    const paths =
      kind === 'tensorboard' || kind === 'lm-eval'
        ? all.filter((p) => !p.includes('/') && FOLDER_FILES[kind].test(p))
        : all.filter(isMlflowRunFile);
    const files: FormatInput[] = await Promise.all(
      paths.map(async (path) => ({
        path,
        bytes: await vscode.workspace.fs.readFile(vscode.Uri.joinPath(this.uri, path)),
      })),
    );
    return this.parse({ kind, folder: this.uri.path, files });
  }

  /** Parses on a worker thread when there are any and the input is large: the host's thread stays free. */
  private async parse(input: LogInput): Promise<ParsedLog> {
    if (this.parts?.parseLog && inputBytes(input) >= THREAD_PARSE_BYTES) {
      const started = Date.now();
      const log = await this.parts.parseLog(input);
      this.log?.info(
        `${baseName(this.uri)}: ${(inputBytes(input) / 2 ** 20).toFixed(0)} MB parsed in ${Date.now() - started} ms on a worker thread`,
      );
      return log;
    }
    return parseLog(input);
  }

  dispose(): void {
    this.watcher?.dispose();
    this.changed.dispose();
  }
}
