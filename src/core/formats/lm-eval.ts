import { flatten } from '../flatten';
import { Problems, RunBuilder } from './builder';
import { asObject, baseName, jsonNumber, metadataValue, pathSegments, readPythonJson } from './text';
import type { LogFile, ParsedLog } from './types';

/**
 * A training step in a path or name: `checkpoint-500`, `global_step_500`, `global_step 500`, `step_500`,
 * `step500` (Pythia's revisions, `160m_step500.json`), `iter_0000500`. Not `Step-3` or `Step1X` (model names).
 */
const STEP = String.raw`(?:checkpoint[-_]?|global[_-]?step[-_ ]?|(?<![a-z])step_?|(?<![a-z])iter[-_]?)(\d{1,15})(?![\da-z])`;
const CHECKPOINT_STEP = new RegExp(STEP, 'gi');
/** lm-eval's own output name (`--output_path`): `results.json`, `results_<date>.json`. */
export const RESULTS_FILE = /^results(?:_.*)?\.json$/i;
/** The files of an lm-eval run folder: results files and `.json` files named by checkpoint (`160m_step1000.json`). */
export const LM_EVAL_FILE = new RegExp(String.raw`^(?:results(?:_.*)?|[^/]{0,200}?${STEP}[^/]{0,200})\.json$`, 'i');
/** `<metric>,<filter>`; lm-eval's default filter is `none`. */
const NO_FILTER = 'none';
const STDERR_SUFFIX = '_stderr';

/** `"results": {`: lm-eval's results by task. */
const RESULTS_KEY = /"results"\s*:\s*\{/;
/** Keys of lm-eval output besides "results" (v0.3: versions, config.model_args; v0.4: n-shot, configs, …). */
const HARNESS_KEY =
  /"(versions|n-shot|n-samples|configs|group_subtasks|higher_is_better|model_args|bootstrap_iters|task_hashes)"\s*:/g;
/** A task's metric key: `acc_stderr`, `acc_stderr,none`, `acc,none`. */
const TASK_METRIC_KEY = /"[\w.-]{1,80}(?:_stderr(?:,[\w.-]{1,80})?|,none)"\s*:/;

/** Whether a JSON file's first bytes (a few KiB) are lm-evaluation-harness output, whatever the file is called. */
export function looksLikeLmEval(head: string): boolean {
  const keys = new Set(Array.from(head.matchAll(HARNESS_KEY), (m) => m[1]));
  // Keys sorted by whoever rewrote the file can push "results" past the bytes sniffed: two harness keys suffice.
  return RESULTS_KEY.test(head) ? keys.size > 0 || TASK_METRIC_KEY.test(head) : keys.size >= 2;
}

/** The training step named in a model path or name (the last one when it names several), if any. */
export function checkpointStep(modelPath: string): number | undefined {
  let step: number | undefined;
  for (const match of modelPath.matchAll(CHECKPOINT_STEP)) step = Number(match[1]);
  return step;
}

/** A results file read: its step, when it was written, and what it holds. */
interface ResultsFile {
  readonly path: string;
  readonly step: number;
  readonly date: number;
  readonly results: Record<string, unknown>;
  readonly config: Record<string, unknown> | undefined;
  /** v0.4's few-shot count per task (`"n-shot": {"gsm8k": 5}`); v0.3 has `config.num_fewshot`. */
  readonly nShot: Record<string, unknown> | undefined;
  readonly model: string;
}
/** Nesting read in `config` (`model_args` given as an object): deeper values describe no run. */
const CONFIG_NESTING = 3;

/**
 * Reads lm-evaluation-harness output files of one training run into one run: each file is one step,
 * the checkpoint named by (first found) its model path (`pretrained=` of `config.model_args`), its HF
 * `revision=stepN`, `model_name`, its file name (`160m_step1000.json`) or its folder; a file without one
 * is the base model, step 0. A file that is not lm-eval output is skipped with a notice. Each task
 * becomes a benchmark: `results.<task>["<metric>,<filter>"]` → `eval/<task>/<metric>` (filter `none`) or
 * `eval/<task>/<metric>/<filter>`. Standard errors (`<metric>_stderr`) are not charted. The file's
 * `date` is the step's wall time; config scalars of the latest step are metadata (`config/model`,
 * `config/model_args/pretrained` when given as an object), with its few-shot counts (`n-shot/<task>`). `runName` defaults
 * to the folder above the checkpoint in the model path, else the model (see defaultRunName).
 */
export function parseLmEvalResults(files: readonly LogFile[], runName?: string): ParsedLog {
  const problems = new Problems();
  const read: ResultsFile[] = [];
  for (const file of files) {
    const name = baseName(file.path);
    const json = readPythonJson(file.bytes, name);
    if (!json.ok) {
      problems.notice(`${json.error} Its results are not shown.`);
      continue;
    }
    const root = asObject(json.value);
    const results = asObject(root?.results);
    // A folder of checkpoint files may hold other JSON: lm-eval output has tasks (objects) under "results".
    if (!root || !results || !Object.values(results).some((task) => asObject(task))) {
      problems.notice(`${name} has no "results" object of tasks: it is not lm-evaluation-harness output; skipped.`);
      continue;
    }
    const config = asObject(root.config);
    const model = modelPath(config, root);
    let step =
      checkpointStep(model) ??
      checkpointStep(modelArg(config?.model_args, 'revision') ?? '') ??
      checkpointStep(typeof root.model_name === 'string' ? root.model_name : '') ??
      checkpointStep(name) ??
      checkpointStep(pathSegments(file.path).slice(0, -1).join('/'));
    if (step === undefined) {
      problems.notice(
        `${name}: no checkpoint step in the model path ${JSON.stringify(model)}; shown at step 0 (the base model)`,
      );
      step = 0;
    }
    const date = typeof root.date === 'number' ? root.date : NaN;
    read.push({ path: file.path, step, date, results, config, nShot: asObject(root['n-shot']), model });
  }
  // By step, then date: of two evaluations of one checkpoint, the later one is kept.
  read.sort((a, b) => a.step - b.step || (a.date || 0) - (b.date || 0));

  const run = new RunBuilder(runName ?? defaultRunName(read));
  for (const file of read) {
    for (const task in file.results) {
      const metrics = asObject(file.results[task]);
      if (!metrics) continue;
      for (const key in metrics) {
        const value = jsonNumber(metrics[key]);
        const comma = key.indexOf(',');
        const metric = comma < 0 ? key : key.slice(0, comma);
        const filter = comma < 0 ? NO_FILTER : key.slice(comma + 1);
        if (value === undefined || metric.endsWith(STDERR_SUFFIX)) continue;
        run.point(
          filter === NO_FILTER ? `eval/${task}/${metric}` : `eval/${task}/${metric}/${filter}`,
          file.step,
          value,
        );
      }
    }
    if (Number.isFinite(file.date)) run.time(file.step, file.date);
  }
  const latest = read[read.length - 1];
  const keep = (name: string, leaf: unknown): void => {
    const value = metadataValue(leaf);
    if (value !== undefined) run.metadata.set(name, value);
  };
  if (latest?.config) flatten(latest.config, keep, 'config/', CONFIG_NESTING);
  if (latest?.nShot) flatten(latest.nShot, keep, 'n-shot/', 1);
  return problems.result([run]);
}

/** The evaluated model's path: `pretrained=` of `model_args`, else `model_name`, else `model_args` itself. */
function modelPath(config: Record<string, unknown> | undefined, root: Record<string, unknown>): string {
  const args = config?.model_args;
  const pretrained = modelArg(args, 'pretrained');
  if (pretrained !== undefined) return pretrained;
  if (typeof root.model_name === 'string') return root.model_name;
  return typeof args === 'string' ? args : '';
}

/** A value of `model_args`: a `key=value,…` string (v0.3, and v0.4's command line) or an object. */
function modelArg(args: unknown, key: string): string | undefined {
  if (typeof args === 'string') {
    for (const part of args.split(',')) {
      const eq = part.indexOf('=');
      if (eq > 0 && part.slice(0, eq).trim() === key) return part.slice(eq + 1).trim();
    }
    return undefined;
  }
  const value = asObject(args)?.[key];
  return typeof value === 'string' ? value : undefined;
}

/**
 * The folder above the checkpoint in the first model path with one (`/ckpt/grpo/global_step_100` → `grpo`),
 * else the model's name; for one file its user named by what it holds (`<model>/openllm/gsm8k.json`, one
 * of several evaluations of the model), the model's name and the file's (`Model-7B/gsm8k`).
 */
function defaultRunName(files: readonly ResultsFile[]): string {
  for (const file of files) {
    const segments = pathSegments(file.model);
    const checkpoint = segments.findIndex((s) => checkpointStep(s) !== undefined);
    if (checkpoint > 0) return segments[checkpoint - 1]!;
  }
  const model = files[0] ? pathSegments(files[0].model) : [];
  const name = model[model.length - 1] ?? 'lm-eval';
  const file = files.length === 1 ? baseName(files[0]!.path) : '';
  const stem = file.replace(/\.json$/i, '');
  return file && !LM_EVAL_FILE.test(file) && stem !== name ? `${name}/${stem}` : name;
}
