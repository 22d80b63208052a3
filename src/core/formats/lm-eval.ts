import { Problems, RunBuilder } from './builder';
import { asObject, baseName, jsonNumber, metadataValue, pathSegments, readPythonJson } from './text';
import type { LogFile, ParsedLog } from './types';

/**
 * The training step in a checkpoint path: `checkpoint-500`, `global_step_500`, `global_step500`,
 * `global_step 500`, `step_500`, `iter_0000500`.
 */
const CHECKPOINT_STEP = /(?:checkpoint[-_]?|global[_-]?step[-_ ]?|(?<![a-z])step_|(?<![a-z])iter_)(\d+)/gi;
/** `<metric>,<filter>`; lm-eval's default filter is `none`. */
const NO_FILTER = 'none';
const STDERR_SUFFIX = '_stderr';

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
  readonly model: string;
}

/**
 * Reads lm-evaluation-harness `results_*.json` files of one training run into one run: each file is one
 * step, taken from the checkpoint in its model path (`config.model_args`, `model_name`, or the file's
 * folder); a file without one is the base model, step 0. Each task becomes a benchmark:
 * `results.<task>["<metric>,<filter>"]` → `eval/<task>/<metric>` (filter `none`) or
 * `eval/<task>/<metric>/<filter>`. Standard errors (`<metric>_stderr`) are not charted. The file's
 * `date` is the step's wall time; config scalars of the latest step are metadata. `runName` defaults
 * to the folder above the checkpoint in the model path.
 */
export function parseLmEvalResults(files: readonly LogFile[], runName?: string): ParsedLog {
  const problems = new Problems();
  const read: ResultsFile[] = [];
  for (const file of files) {
    const json = readPythonJson(file.bytes, baseName(file.path));
    const root = json.ok ? asObject(json.value) : undefined;
    const results = asObject(root?.results);
    if (!json.ok) {
      problems.notice(`${json.error} Its results are not shown.`);
      continue;
    }
    if (!root || !results) {
      problems.notice(
        `${baseName(file.path)} has no "results" object: it is not an lm-evaluation-harness results file.`,
      );
      continue;
    }
    const config = asObject(root.config);
    const model = modelPath(config, root);
    let step = checkpointStep(model) ?? checkpointStep(pathSegments(file.path).slice(0, -1).join('/'));
    if (step === undefined) {
      problems.notice(
        `${baseName(file.path)}: no checkpoint step in the model path ${JSON.stringify(model)}; shown at step 0 (the base model)`,
      );
      step = 0;
    }
    const date = typeof root.date === 'number' ? root.date : NaN;
    read.push({ path: file.path, step, date, results, config, model });
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
  if (latest?.config) {
    for (const key in latest.config) {
      const value = metadataValue(latest.config[key]);
      if (value !== undefined) run.metadata.set(`config/${key}`, value);
    }
  }
  return problems.result([run]);
}

/** The evaluated model's path: `pretrained=` of `model_args` (a string or an object), else `model_name`. */
function modelPath(config: Record<string, unknown> | undefined, root: Record<string, unknown>): string {
  const args = config?.model_args;
  if (typeof args === 'string') {
    const pretrained = /(?:^|,)\s*pretrained=([^,]*)/.exec(args);
    if (pretrained) return pretrained[1];
  } else if (typeof asObject(args)?.pretrained === 'string') {
    return asObject(args)!.pretrained as string;
  }
  if (typeof root.model_name === 'string') return root.model_name;
  return typeof args === 'string' ? args : '';
}

/** The folder above the checkpoint in the first model path with one (`/ckpt/grpo/global_step_100` → `grpo`). */
function defaultRunName(files: readonly ResultsFile[]): string {
  for (const file of files) {
    const segments = pathSegments(file.model);
    const checkpoint = segments.findIndex((s) => checkpointStep(s) !== undefined);
    if (checkpoint > 0) return segments[checkpoint - 1];
  }
  const model = files[0] ? pathSegments(files[0].model) : [];
  return model[model.length - 1] ?? 'lm-eval';
}
