import { MAX_NESTING, flatten } from '../flatten';
import { Problems, RunBuilder, failed } from './builder';
import { asObject, baseName, jsonNumber, metadataValue, pathSegments, readPythonJson } from './text';
import type { ParsedLog } from './types';

const CHECKPOINT_FOLDER = /^checkpoint-\d+$/;
/** Trainer.evaluate() always logs `<prefix>_runtime`; the prefix is `eval`, or `eval_<name>` per named eval set. */
const EVAL_RUNTIME = /^eval_(.+)_runtime$/;
const EVAL_PREFIX = 'eval_';
/** The benchmark name of the default (unnamed) eval set: `eval_loss` → `eval/eval/loss`. */
const DEFAULT_EVAL_SET = 'eval';
/** Only the end-of-training summary entry has it; its values describe the run rather than a step. */
const SUMMARY_KEY = 'train_runtime';
/** The hyperparameters of a `hyperparameter_search` trial (an object; null outside a search). */
const TRIAL_PARAMS = 'trial_params';

/**
 * The run name of a trainer_state.json: its folder, or the folder above when that is a `checkpoint-N`
 * (`out/grpo-run/checkpoint-500/trainer_state.json` → `grpo-run`).
 */
export function trainerStateRunName(path: string): string {
  const folders = pathSegments(path).slice(0, -1);
  let name = folders.pop();
  if (name !== undefined && CHECKPOINT_FOLDER.test(name) && folders.length > 0) name = folders.pop();
  return name ?? 'trainer_state';
}

/**
 * Reads a Hugging Face Trainer / TRL `trainer_state.json` into one run. Each `log_history` entry is a
 * step (`step`); train keys keep their names (`loss`, `grad_norm`, `rewards/accuracy_reward/mean`),
 * `eval_<metric>` becomes `eval/eval/<metric>` and `eval_<set>_<metric>` (named eval sets)
 * `eval/<set>/<metric>`. The final summary entry (`train_runtime`, …), the file's top-level scalars and
 * a search trial's `trial_params` (as `trial_params/<name>`) become metadata. A file cut short while being written gives `error`, not a partial run.
 */
export function parseTrainerState(bytes: Uint8Array, path: string): ParsedLog {
  const read = readPythonJson(bytes, baseName(path) || 'trainer_state.json');
  if (!read.ok) return failed(read.error);
  const state = asObject(read.value);
  const history = state?.log_history;
  if (!state || !Array.isArray(history))
    return failed(`${baseName(path)} has no log_history list: it is not a Trainer state file.`);

  const run = new RunBuilder(trainerStateRunName(path));
  const problems = new Problems();
  for (const key in state) {
    const value = metadataValue(state[key]);
    if (value !== undefined) run.metadata.set(key, value);
  }
  // A hyperparameter search's trial: the values this run was given.
  const trial = asObject(state[TRIAL_PARAMS]);
  for (const key in trial) {
    const value = metadataValue(trial[key]);
    if (value !== undefined) run.metadata.set(`${TRIAL_PARAMS}/${key}`, value);
  }

  const evalName = evalNamer(history);
  history.forEach((item, index) => {
    const entry = asObject(item);
    const step = entry?.step;
    if (!entry) return problems.skip(index + 1, `log_history entry ${index + 1} is not an object`);
    if (typeof step !== 'number' || !Number.isFinite(step)) {
      return problems.skip(index + 1, `log_history entry ${index + 1} has no numeric step`);
    }
    const summary = SUMMARY_KEY in entry;
    const visit = (name: string, leaf: unknown): void => {
      const value = jsonNumber(leaf);
      if (value !== undefined && !summary) {
        const dropped = run.point(name.startsWith(EVAL_PREFIX) ? evalName(name) : name, step, value);
        if (dropped > 0)
          problems.notice(
            `${name}: step went back to ${step} at log_history entry ${index + 1}; ${dropped} later points were replaced`,
          );
      } else {
        const meta = value !== undefined ? metadataValue(value) : metadataValue(leaf);
        if (meta !== undefined) run.metadata.set(name, meta);
      }
    };
    for (const key in entry) {
      if (key === 'step') continue;
      const value = entry[key];
      const nested = asObject(value);
      // Past the nesting bound the rest of the object is not read: said, as JSON lines says it.
      if (nested && !flatten(nested, visit, key + '/', MAX_NESTING - 1))
        problems.notice(
          `log_history entry ${index + 1}: "${key}" holds objects nested more than ${MAX_NESTING} levels deep; they were not read`,
        );
      else visit(key, value);
    }
  });
  return problems.result([run]);
}

/** Maps `eval_…` keys to `eval/<set>/<metric>`, knowing the named eval sets from their `_runtime` keys. */
function evalNamer(history: readonly unknown[]): (key: string) => string {
  // The sets' names split at `_`, as a tree: a key is walked along it once, `_`-part by `_`-part.
  const root: SetNode = { set: false };
  for (const item of history) {
    const entry = asObject(item);
    if (!entry) continue;
    for (const key in entry) {
      const set = EVAL_RUNTIME.exec(key)?.[1];
      if (set === undefined) continue;
      let node = root;
      for (const part of set.split('_')) {
        node.children ??= new Map();
        let child = node.children.get(part);
        if (!child) node.children.set(part, (child = { set: false }));
        node = child;
      }
      node.set = true;
    }
  }
  // The longest set the key starts with, so `gsm8k_hard` wins over `gsm8k` for `eval_gsm8k_hard_loss`:
  // one walk per key, not a lookup per `_` in it (each hashing the key so far: quadratic in a long key),
  // nor a scan of every set per key (20k eval sets took 6 s). A key is named once.
  const names = new Map<string, string>();
  return (key) => {
    let name = names.get(key);
    if (name !== undefined) return name;
    const rest = key.slice(EVAL_PREFIX.length);
    let node: SetNode | undefined = root;
    let cut = -1;
    for (let at = 0, end = rest.indexOf('_'); end >= 0 && node; at = end + 1, end = rest.indexOf('_', at)) {
      node = node.children?.get(rest.slice(at, end));
      if (node?.set) cut = end;
    }
    name = cut > 0 ? `eval/${rest.slice(0, cut)}/${rest.slice(cut + 1)}` : `eval/${DEFAULT_EVAL_SET}/${rest}`;
    names.set(key, name);
    return name;
  };
}

/** A `_`-part of eval set names: whether the parts up to it name a set, and the parts that follow it. */
interface SetNode {
  set: boolean;
  children?: Map<string, SetNode>;
}
