import { Problems, RunBuilder } from './builder';
import { readMetricFiles } from './mlflowMetrics';
import { pathSegments } from './text';
import { decodeUtf8 } from '../utf8';
import type { Run } from '../types';
import type { LogFile, ParsedLog } from './types';

const METRICS = 'metrics';
const PARAMS = 'params';
const TAGS = 'tags';
const META = 'meta.yaml';
/** The subfolders of a run folder that parseMlflowRun reads; `artifacts/` (models, often large) is not one. */
const RUN_SUBFOLDERS: ReadonlySet<string> = new Set([METRICS, PARAMS, TAGS]);
const RUN_NAME_TAG = 'mlflow.runName';
/** Tags holding large JSON blobs (logged-model history), not run descriptions. */
const BULKY_TAG_PREFIX = 'mlflow.log-model';
/** MLflow moves deleted runs and experiments here. */
const TRASH = '.trash';
/** Run metadata holding meta.yaml's `lifecycle_stage` (`active`, or `deleted` for a soft-deleted run). */
const LIFECYCLE = 'lifecycle_stage';

/** The files parseMlflowRun reads in a run folder, as a glob relative to it (for a watcher). */
export const MLFLOW_RUN_GLOB = `{${META},${METRICS}/**,${PARAMS}/**,${TAGS}/**}`;
/** The files mlflowRunName needs, relative to the run folder: enough to name a run without reading its metrics. */
export const MLFLOW_NAME_FILES: readonly string[] = [`${TAGS}/${RUN_NAME_TAG}`, META];

/**
 * Whether a path relative to a run folder is one parseMlflowRun reads: `meta.yaml`, or a file under
 * `metrics/`, `params/` or `tags/`. Anything else (`artifacts/…`) is never read.
 */
export function isMlflowRunFile(relativePath: string): boolean {
  const segments = pathSegments(relativePath);
  return segments.length === 1 ? segments[0] === META : segments.length > 1 && RUN_SUBFOLDERS.has(segments[0]!);
}

/** Whether a folder relative to a run folder can hold files parseMlflowRun reads: a walk need not enter any other. */
export function isMlflowRunFolder(relativePath: string): boolean {
  const segments = pathSegments(relativePath);
  return segments.length > 0 && RUN_SUBFOLDERS.has(segments[0]!);
}

/** Whether MLflow marks this run (from parseMlflowRun) soft-deleted; its UI hides such runs. */
export function isDeletedRun(run: Run): boolean {
  return run.metadata.get(LIFECYCLE) === 'deleted';
}

/** One MLflow run folder found among a folder's files: its path and its files' paths relative to it. */
export interface MlflowRunFolder {
  /** The run folder (`mlruns/<experiment>/<run-id>`), as the given paths spell it, `/`-separated (a leading `/` kept). */
  readonly folder: string;
  /** Its files that parseMlflowRun reads (`meta.yaml`, `metrics/…`, `params/…`, `tags/…`), relative to `folder`. */
  readonly files: string[];
}

/**
 * Groups file paths (e.g. every file under an `mlruns` folder) into MLflow run folders: a run folder
 * holds a `metrics/` folder and a `meta.yaml`. Artifacts and deleted runs (`.trash`) are left out. The
 * host reads the listed files and passes them to parseMlflowRun. Absolute paths (`/home/…`, as the
 * host's URIs give them) give absolute run folders.
 */
export function groupMlflowRuns(paths: readonly string[]): MlflowRunFolder[] {
  const all = paths.map((p) => ({ root: /^[\\/]/.test(p) ? '/' : '', segments: pathSegments(p) }));
  const folderOf = (root: string, segments: readonly string[], end: number) => root + segments.slice(0, end).join('/');
  const metaFolders = new Set(
    all
      .filter(({ segments }) => segments[segments.length - 1] === META)
      .map(({ root, segments }) => folderOf(root, segments, -1)),
  );
  const runs = new Map<string, string[]>();
  for (const { root, segments } of all) {
    if (segments.includes(TRASH)) continue;
    // The run folder is the one above a `metrics` segment; a metric key may itself contain a `metrics`
    // folder, so take the first candidate that has a meta.yaml.
    for (let i = 1; i < segments.length - 1; i++) {
      if (segments[i] !== METRICS) continue;
      const folder = folderOf(root, segments, i);
      if (!metaFolders.has(folder)) continue;
      if (!runs.has(folder)) runs.set(folder, [META]);
      break;
    }
  }
  for (const { root, segments } of all) {
    for (let i = segments.length - 2; i >= 1; i--) {
      // Only a run subfolder's name makes the folder above a candidate: the others cost no lookup of their path.
      if (!RUN_SUBFOLDERS.has(segments[i]!)) continue;
      const files = runs.get(folderOf(root, segments, i));
      if (files) {
        files.push(segments.slice(i).join('/'));
        break;
      }
    }
  }
  return [...runs].map(([folder, files]) => ({ folder, files }));
}

/**
 * A run's name as parseMlflowRun gives it, from its files (only `tags/mlflow.runName` and `meta.yaml`,
 * MLFLOW_NAME_FILES, are looked at): for a tab title before the run is read.
 */
export function mlflowRunName(files: readonly LogFile[], runFolderName: string): string {
  const text = (path: string) => {
    const file = files.find((f) => pathSegments(f.path).join('/') === path);
    return file && decodeUtf8(file.bytes);
  };
  const meta = text(META);
  return runNameOf(
    text(`${TAGS}/${RUN_NAME_TAG}`),
    meta === undefined ? undefined : yamlScalar(meta, 'run_name'),
    runFolderName,
  );
}

/** The `mlflow.runName` tag, else meta.yaml's `run_name`, else the folder's name. */
function runNameOf(tag: string | undefined, metaRunName: string | undefined, runFolderName: string): string {
  return tag?.trim() || metaRunName || runFolderName;
}

/**
 * Reads one MLflow file-store run folder into one run. `files` are the folder's files with paths
 * relative to it: `metrics/<key>` (lines `<timestamp_ms> <value> [<step>]`; a key with `/` is a
 * subfolder), `params/<key>` and `tags/<key>` (the file is the value) and `meta.yaml`; any other file
 * (`artifacts/…`) is ignored. The run is named by the `mlflow.runName` tag, else meta.yaml's `run_name`,
 * else `runFolderName`. Params become metadata `params/<key>`, tags `tags/<key>`, and meta.yaml's
 * `lifecycle_stage` metadata `lifecycle_stage` (see isDeletedRun): a deleted run is still returned.
 */
export function parseMlflowRun(files: readonly LogFile[], runFolderName: string): ParsedLog {
  const problems = new Problems();
  const metricFiles: { key: string; bytes: Uint8Array }[] = [];
  const params = new Map<string, string>();
  const tags = new Map<string, string>();
  let metaRunName: string | undefined;
  let lifecycle: string | undefined;
  for (const file of files) {
    if (!isMlflowRunFile(file.path)) continue;
    const segments = pathSegments(file.path);
    const key = segments.slice(1).join('/');
    if (segments[0] === META) {
      const meta = decodeUtf8(file.bytes);
      metaRunName = yamlScalar(meta, 'run_name');
      lifecycle = yamlScalar(meta, LIFECYCLE);
    } else if (segments[0] === METRICS) {
      metricFiles.push({ key, bytes: file.bytes });
    } else if (segments[0] === PARAMS) {
      params.set(key, decodeUtf8(file.bytes));
    } else if (segments[0] === TAGS && !key.startsWith(BULKY_TAG_PREFIX)) {
      tags.set(key, decodeUtf8(file.bytes));
    }
  }

  const run = new RunBuilder(runNameOf(tags.get(RUN_NAME_TAG), metaRunName, runFolderName));
  for (const [key, value] of params) run.metadata.set(`${PARAMS}/${key}`, value);
  for (const [key, value] of tags) run.metadata.set(`${TAGS}/${key}`, value);
  if (lifecycle !== undefined) run.metadata.set(LIFECYCLE, lifecycle);
  if (lifecycle === 'deleted') problems.notice(`run ${run.name} is marked deleted in MLflow`);

  readMetricFiles(run, metricFiles, problems);
  return problems.result([run]);
}

/**
 * A top-level `key: value` of a simple YAML file such as MLflow's meta.yaml (quotes removed). Read line by
 * line, not by one regex over the file: a lazy match before trailing blanks backtracks quadratically on a
 * long line of spaces (a 78 KB meta.yaml took 15 s).
 */
function yamlScalar(yaml: string, key: string): string | undefined {
  const prefix = `${key}:`;
  for (const line of yaml.split('\n')) {
    if (!line.startsWith(prefix)) continue;
    const value = line.slice(prefix.length).trim();
    const quoted = value.length >= 2 && (value[0] === "'" || value[0] === '"') && value.endsWith(value[0]);
    return (quoted ? value.slice(1, -1) : value) || undefined;
  }
  return undefined;
}
