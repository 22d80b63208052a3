import { Problems, RunBuilder } from './builder';
import { parseNumberToken, pathSegments } from './text';
import { decodeUtf8 } from '../utf8';
import type { LogFile, ParsedLog } from './types';

const METRICS = 'metrics';
const PARAMS = 'params';
const TAGS = 'tags';
const META = 'meta.yaml';
const RUN_NAME_TAG = 'mlflow.runName';
/** Tags holding large JSON blobs (logged-model history), not run descriptions. */
const BULKY_TAG_PREFIX = 'mlflow.log-model';
/** MLflow moves deleted runs and experiments here. */
const TRASH = '.trash';
const INTEGER = /^-?\d+$/;

/** One MLflow run folder found among a folder's files: its path and its files' paths relative to it. */
export interface MlflowRunFolder {
  /** The run folder (`mlruns/<experiment>/<run-id>`), as the given paths spell it, `/`-separated. */
  readonly folder: string;
  /** Its files that parseMlflowRun reads (`meta.yaml`, `metrics/…`, `params/…`, `tags/…`), relative to `folder`. */
  readonly files: string[];
}

/**
 * Groups file paths (e.g. every file under an `mlruns` folder) into MLflow run folders: a run folder
 * holds a `metrics/` folder and a `meta.yaml`. Artifacts and deleted runs (`.trash`) are left out. The
 * host reads the listed files and passes them to parseMlflowRun.
 */
export function groupMlflowRuns(paths: readonly string[]): MlflowRunFolder[] {
  const all = paths.map((p) => pathSegments(p));
  const metaFolders = new Set(all.filter((s) => s[s.length - 1] === META).map((s) => s.slice(0, -1).join('/')));
  const runs = new Map<string, string[]>();
  for (const segments of all) {
    if (segments.includes(TRASH)) continue;
    // The run folder is the one above a `metrics` segment; a metric key may itself contain a `metrics`
    // folder, so take the first candidate that has a meta.yaml.
    for (let i = 1; i < segments.length - 1; i++) {
      if (segments[i] !== METRICS) continue;
      const folder = segments.slice(0, i).join('/');
      if (!metaFolders.has(folder)) continue;
      if (!runs.has(folder)) runs.set(folder, [META]);
      break;
    }
  }
  for (const segments of all) {
    for (let i = segments.length - 2; i >= 1; i--) {
      const files = runs.get(segments.slice(0, i).join('/'));
      const kind = segments[i];
      if (files && (kind === METRICS || kind === PARAMS || kind === TAGS)) {
        files.push(segments.slice(i).join('/'));
        break;
      }
    }
  }
  return [...runs].map(([folder, files]) => ({ folder, files }));
}

interface MetricLine {
  readonly time: number;
  readonly value: number;
  readonly step: number;
  readonly line: number;
}

/**
 * Reads one MLflow file-store run folder into one run. `files` are the folder's files with paths
 * relative to it: `metrics/<key>` (lines `<timestamp_ms> <value> [<step>]`; a key with `/` is a
 * subfolder), `params/<key>` and `tags/<key>` (the file is the value) and `meta.yaml`. The run is named
 * by the `mlflow.runName` tag, else meta.yaml's `run_name`, else `runFolderName`. Params become metadata
 * `params/<key>`, tags `tags/<key>`.
 */
export function parseMlflowRun(files: readonly LogFile[], runFolderName: string): ParsedLog {
  const problems = new Problems();
  const metricFiles: { key: string; text: string }[] = [];
  const params = new Map<string, string>();
  const tags = new Map<string, string>();
  let metaRunName: string | undefined;
  let lifecycle: string | undefined;
  for (const file of files) {
    const segments = pathSegments(file.path);
    const key = segments.slice(1).join('/');
    if (segments.length === 1 && segments[0] === META) {
      const meta = decodeUtf8(file.bytes);
      metaRunName = yamlScalar(meta, 'run_name');
      lifecycle = yamlScalar(meta, 'lifecycle_stage');
    } else if (key.length === 0) {
      continue;
    } else if (segments[0] === METRICS) {
      metricFiles.push({ key, text: decodeUtf8(file.bytes) });
    } else if (segments[0] === PARAMS) {
      params.set(key, decodeUtf8(file.bytes));
    } else if (segments[0] === TAGS && !key.startsWith(BULKY_TAG_PREFIX)) {
      tags.set(key, decodeUtf8(file.bytes));
    }
  }

  const run = new RunBuilder(tags.get(RUN_NAME_TAG)?.trim() || metaRunName || runFolderName);
  for (const [key, value] of params) run.metadata.set(`${PARAMS}/${key}`, value);
  for (const [key, value] of tags) run.metadata.set(`${TAGS}/${key}`, value);
  if (lifecycle === 'deleted') problems.notice(`run ${run.name} is marked deleted in MLflow`);

  const times = new Map<number, number>();
  for (const { key, text } of metricFiles) {
    let lines = readMetricLines(key, text, problems);
    // log_metric() without a step writes step 0 on every line: number those points in logging order.
    if (lines.length > 1 && lines.every((l) => l.step === lines[0].step)) {
      problems.notice(
        `metric ${key} was logged without steps (all ${lines[0].step}); its points are numbered in the order they were logged`,
      );
      lines = lines.map((l, i) => ({ ...l, step: i }));
    }
    // MLflow keeps every value; its charts order them by step, then time. Of several values at one step the latest is kept.
    lines.sort((a, b) => a.step - b.step || a.time - b.time || a.line - b.line);
    for (const l of lines) {
      run.point(key, l.step, l.value);
      times.set(l.step, Math.max(times.get(l.step) ?? -Infinity, l.time / 1000));
    }
  }
  for (const step of [...times.keys()].sort((a, b) => a - b)) run.time(step, times.get(step)!);
  return problems.result([run]);
}

function readMetricLines(key: string, text: string, problems: Problems): MetricLine[] {
  const out: MetricLine[] = [];
  const lines = text.split('\n');
  lines.forEach((raw, index) => {
    const line = raw.trim();
    if (line.length === 0) return;
    const fields = line.split(/\s+/);
    const time = Number(fields[0]);
    const value = parseNumberToken(fields[1] ?? '');
    if (fields.length !== 3 || !INTEGER.test(fields[0]) || value === undefined || !INTEGER.test(fields[2])) {
      // A last line without its newline is one MLflow is still writing.
      const reason =
        index === lines.length - 1
          ? 'incomplete last line (still being written?)'
          : 'not "<timestamp_ms> <value> <step>"';
      problems.skip(index + 1, `${METRICS}/${key}: ${reason}`);
      return;
    }
    out.push({ time, value, step: Number(fields[2]), line: index + 1 });
  });
  return out;
}

/** A top-level `key: value` of a simple YAML file such as MLflow's meta.yaml (quotes removed). */
function yamlScalar(yaml: string, key: string): string | undefined {
  const match = new RegExp(`^${key}:[ \\t]*(.*?)[ \\t]*$`, 'm').exec(yaml);
  const value = match?.[1].replace(/^(['"])(.*)\1$/, '$2');
  return value ? value : undefined;
}
