/**
 * A run's configuration — what it was run with — for the runs table's columns, sorting and filtering
 * (issue #17). It is read from the metadata each format's parser keeps (docs/format.md, Configuration):
 * JSON lines' `config` / `hparams` objects and fields that never change, MLflow params and tags,
 * lm-eval's `config`, trainer_state.json's top-level fields, TensorBoard's hparams.
 */
import type { LogFormat } from './formats/types';
import type { MetadataValue, Run } from './types';

/** A configuration value: numbers as numbers (also where a format writes them as text), strings, booleans. */
export type ConfigValue = number | string | boolean;

/** Where a configuration value came from. */
export type ConfigSource =
  /** A JSON-lines `config` object; lm-eval's `config` and few-shot counts. */
  | 'config'
  /** A JSON-lines `hparams` object; TensorBoard's hparams; a trainer_state.json search trial's `trial_params`. */
  | 'hparams'
  /** A field with one value throughout the run (JSON lines, CSV text columns); the run's `seed`. */
  | 'field'
  /** An MLflow param. */
  | 'param'
  /** An MLflow tag (not MLflow's own `mlflow.*` tags). */
  | 'tag'
  /** A top-level field of trainer_state.json (`best_metric`, `max_steps`, …) or its training summary. */
  | 'state';

/** A run's configuration: values by key, in the order the table offers them as columns, and their sources. */
export interface RunConfig {
  readonly values: ReadonlyMap<string, ConfigValue>;
  readonly sources: ReadonlyMap<string, ConfigSource>;
  /** Keys left out past MAX_CONFIG_KEYS. */
  readonly omitted: number;
}

/** Keys kept per run; the rest are counted in `omitted`. */
export const MAX_CONFIG_KEYS = 500;
/** Longer keys are cut (with `…`); of two keys that then read the same, the first is kept. */
export const MAX_CONFIG_KEY_LENGTH = 200;
/** Longer string values are cut (with `…`). */
export const MAX_CONFIG_VALUE_LENGTH = 500;

/** A metadata name prefix that marks configuration: the prefix is dropped from the key (`config/lr` → `lr`). */
interface PrefixRule {
  readonly prefix: string;
  readonly source: ConfigSource;
}

/**
 * How a format's metadata is read. `prefixes`, in order of precedence (of two values for one key the
 * first is kept). `fields`: the remaining metadata that never changed within the run is configuration
 * too, with this source. `typed`: the format keeps numbers as numbers; otherwise text that is a number
 * (MLflow writes every param as text) becomes one.
 */
interface FormatRules {
  readonly prefixes: readonly PrefixRule[];
  readonly fields?: ConfigSource;
  /** Metadata read first, before the prefixes (trainer_state.json's best checkpoint). */
  readonly first?: readonly string[];
  /** Metadata that describes the file, not the run. */
  readonly skip?: (name: string) => boolean;
  readonly typed: boolean;
}

const CONFIG: PrefixRule = { prefix: 'config/', source: 'config' };
const HPARAMS: PrefixRule = { prefix: 'hparams/', source: 'hparams' };
const TRIAL: PrefixRule = { prefix: 'trial_params/', source: 'hparams' };
const PARAMS: PrefixRule = { prefix: 'params/', source: 'param' };
const TAGS: PrefixRule = { prefix: 'tags/', source: 'tag' };
/** lm-eval v0.4's few-shot count per task, `n-shot/<task>`: read into `num_fewshot` (see fewShot). */
const N_SHOT = 'n-shot/';
const NUM_FEWSHOT = 'num_fewshot';
/** MLflow's own tags (`mlflow.runName`, `mlflow.source.name`, `mlflow.user`, …) describe how a run was logged. */
const MLFLOW_SYSTEM_TAG = 'tags/mlflow.';
const MLFLOW_LIFECYCLE = 'lifecycle_stage';

const JSONL: FormatRules = { prefixes: [CONFIG, HPARAMS], fields: 'field', typed: true };
const RULES: Readonly<Record<LogFormat, FormatRules>> = {
  'metrics-jsonl': JSONL,
  csv: { prefixes: [], fields: 'field', typed: true },
  'wandb-csv': { prefixes: [], fields: 'field', typed: true },
  tensorboard: { prefixes: [HPARAMS], typed: true },
  mlflow: {
    prefixes: [PARAMS, TAGS],
    skip: (name) => name.startsWith(MLFLOW_SYSTEM_TAG),
    typed: false,
  },
  'lm-eval': { prefixes: [CONFIG], typed: false },
  'trainer-state': {
    first: ['best_metric', 'best_model_checkpoint', 'best_global_step'],
    prefixes: [TRIAL],
    fields: 'state',
    typed: false,
  },
};
/** A run of unknown format: every prefix any format uses, then the fields that never change. */
const ANY: FormatRules = {
  prefixes: [CONFIG, HPARAMS, TRIAL, PARAMS, TAGS],
  fields: 'field',
  skip: (name) => name.startsWith(MLFLOW_SYSTEM_TAG) || name === MLFLOW_LIFECYCLE,
  typed: false,
};

/**
 * The configuration of `run`, read by its format's rules (docs/format.md, Configuration); without a
 * format, by every format's prefixes, with text that is a number read as one. Bounded: at most
 * MAX_CONFIG_KEYS keys of MAX_CONFIG_KEY_LENGTH characters, string values of MAX_CONFIG_VALUE_LENGTH.
 */
export function runConfig(run: Run, format?: LogFormat): RunConfig {
  const rules = format ? RULES[format] : ANY;
  const values = new Map<string, ConfigValue>();
  const sources = new Map<string, ConfigSource>();
  let omitted = 0;
  const add = (key: string, value: MetadataValue, source: ConfigSource): void => {
    const kept = configValue(value, rules.typed);
    if (kept === undefined || key.length === 0) return;
    const bounded = cut(key, MAX_CONFIG_KEY_LENGTH);
    if (values.has(bounded)) return;
    if (values.size >= MAX_CONFIG_KEYS) {
      omitted++;
      return;
    }
    values.set(bounded, kept);
    sources.set(bounded, source);
  };

  const { metadata } = run;
  // Metadata names already read (by `first` or a prefix), so that `fields` does not read them again.
  const used = new Set<string>();
  for (const name of rules.first ?? []) {
    const value = metadata.get(name);
    if (value === undefined) continue;
    used.add(name);
    add(name, value, rules.fields ?? 'field');
  }
  for (const { prefix, source } of rules.prefixes) {
    for (const [name, value] of metadata) {
      if (!name.startsWith(prefix) || rules.skip?.(name)) continue;
      used.add(name);
      add(name.slice(prefix.length), value, source);
    }
  }
  if (format === 'lm-eval' || format === undefined) fewShot(metadata, add, used);
  if (rules.fields !== undefined) {
    for (const [name, value] of metadata) {
      if (used.has(name) || run.varying?.has(name) || rules.skip?.(name)) continue;
      add(name, value, rules.fields);
    }
  }
  if (run.seed !== undefined) add('seed', numberText(run.seed) ?? run.seed, 'field');
  return { values, sources, omitted };
}

/**
 * lm-eval v0.4's few-shot counts (`n-shot/<task>`) as `num_fewshot`, v0.3's config key: one value when
 * every task has the same count, else one key per task (`num_fewshot/gsm8k`).
 */
function fewShot(
  metadata: ReadonlyMap<string, MetadataValue>,
  add: (key: string, value: MetadataValue, source: ConfigSource) => void,
  used: Set<string>,
): void {
  const counts: [string, MetadataValue][] = [];
  for (const [name, value] of metadata) {
    if (!name.startsWith(N_SHOT)) continue;
    used.add(name);
    counts.push([name.slice(N_SHOT.length), value]);
  }
  if (counts.length === 0) return;
  if (counts.every(([, value]) => Object.is(value, counts[0]![1]))) add(NUM_FEWSHOT, counts[0]![1], 'config');
  else for (const [task, value] of counts) add(`${NUM_FEWSHOT}/${task}`, value, 'config');
}

/** A metadata value as configuration: NaN (nothing to sort or compare by) is left out; long strings are cut. */
function configValue(value: MetadataValue, typed: boolean): ConfigValue | undefined {
  if (typeof value === 'number') return Number.isNaN(value) ? undefined : value;
  if (typeof value === 'boolean') return value;
  if (!typed) {
    const number = numberText(value);
    if (number !== undefined) return number;
  }
  return cut(value, MAX_CONFIG_VALUE_LENGTH);
}

/** A decimal number as JSON and Python write one (`0.001`, `1e-06`, `-3`); not `007`, `0x10`, ` 5`, `Infinity`. */
const NUMBER_TEXT = /^-?(?:0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?$/;
/** Longer text is no number a person typed or Python wrote (`repr` of a double is at most 24 characters). */
const MAX_NUMBER_TEXT = 32;
/** Integers of more digits are not exact doubles: an id written in digits (`12345678901234567890`) stays text. */
const MAX_EXACT_DIGITS = 15;

/**
 * The number that `text` writes, if it is a decimal number that reads back the same (see NUMBER_TEXT,
 * MAX_EXACT_DIGITS); undefined otherwise.
 */
export function numberText(text: string): number | undefined {
  if (text.length === 0 || text.length > MAX_NUMBER_TEXT) return undefined;
  const match = NUMBER_TEXT.exec(text);
  if (!match) return undefined;
  if (match[1] === undefined && match[2] === undefined && text.replace('-', '').length > MAX_EXACT_DIGITS)
    return undefined;
  const number = Number(text);
  return Number.isFinite(number) ? number : undefined;
}

/** A value as text, as the filter's free words match it and a plain table cell shows it. */
export function configText(value: ConfigValue): string {
  return typeof value === 'string' ? value : String(value);
}

/** Every key of the configs, in first-seen order: the runs table's configuration columns. */
export function configKeys(configs: Iterable<RunConfig>): string[] {
  const keys = new Set<string>();
  for (const config of configs) for (const key of config.values.keys()) keys.add(key);
  return [...keys];
}

/** `text` cut to at most `max` characters, ending in `…` when cut, never inside a surrogate pair. */
function cut(text: string, max: number): string {
  if (text.length <= max) return text;
  let end = max - 1;
  const last = text.charCodeAt(end - 1);
  if (last >= 0xd800 && last <= 0xdbff) end--;
  return text.slice(0, end) + '…';
}
