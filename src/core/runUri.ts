/**
 * How runs are addressed. A run's log is a file (its URI), or a folder run (TensorBoard, lm-eval,
 * MLflow): the folder's URI with the format as fragment, so one URI string keys the registry, the
 * sidebar and saved comparisons alike. Within a view, a run's id is its name, after its log's place
 * when the view shows several logs. Works on any URI with vscode.Uri's shape, so it runs (and is
 * tested) without vscode.
 */
import type { RunLocation } from './formats';

/** What a run's URI names: a file, or a folder run of one format. */
export type RunKind = RunLocation['kind'];
export type FolderRunKind = Exclude<RunKind, 'file'>;

/** The part of vscode.Uri used here. */
export interface RunUri<U> {
  readonly path: string;
  readonly fragment: string;
  with(change: { fragment: string }): U;
}

// A record, not a list: a folder kind added to RunLocation and missing here fails to compile.
const FOLDER_RUN_KINDS: Readonly<Record<FolderRunKind, true>> = { tensorboard: true, 'lm-eval': true, mlflow: true };

/** The URI of the `kind` run in `folder`. */
export function folderRunUri<U extends RunUri<U>>(folder: U, kind: FolderRunKind): U {
  return folder.with({ fragment: kind });
}

/** What `uri` names: a folder run when its fragment is a folder run's format, else a file. */
export function runKindOf(uri: { readonly fragment: string }): RunKind {
  return Object.hasOwn(FOLDER_RUN_KINDS, uri.fragment) ? (uri.fragment as FolderRunKind) : 'file';
}

/** The file or folder on disk that `uri` names (for opening it as text, or revealing it). */
export function fileOf<U extends RunUri<U>>(uri: U): U {
  return uri.with({ fragment: '' });
}

/** A run's key in the workspace (the sidebar's runs, the ticked ones): its log's URI and its name. */
export function runKey(file: string, runName: string): string {
  return `${file}#${runName}`;
}

/**
 * What the ids of the runs of log `fileIndex` start with in a view of `files` logs: the log's place, not
 * its path, so no path reaches the webview (its state, its messages back); nothing when the view has one log.
 */
export function runIdPrefix(fileIndex: number, files: number): string {
  return files > 1 ? `${fileIndex}#` : '';
}

const PREFIXED_RUN_ID = /^(0|[1-9]\d*)#/;

/** The log (its place in the view) and the run name of `id`, a run id of a view of `files` logs (see runIdPrefix). */
export function parseRunId(id: string, files: number): { file: number; run: string } | undefined {
  if (files <= 1) return { file: 0, run: id };
  const prefix = PREFIXED_RUN_ID.exec(id);
  return prefix ? { file: Number(prefix[1]), run: id.slice(prefix[0].length) } : undefined;
}
