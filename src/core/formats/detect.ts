import { csvRecords, hasStepColumn, isWandbHeader } from './csv';
import { RESULTS_FILE, looksLikeLmEval } from './lm-eval';
import { fileRunName } from './runName';
import { baseName, pathSegments } from './text';
import { decodeUtf8 } from '../utf8';
import { tensorBoardRunName } from './tensorboard';
import { trainerStateRunName } from './trainer-state';
import type { LogFormat } from './types';

/** trainer_state.json's history, in a copy of the file under another name. */
const LOG_HISTORY = /"log_history"\s*:\s*\[/;
const TRAINER_STATE = 'trainer_state.json';
/** An MLflow metric line: `<timestamp_ms> <value> <step>`. */
const MLFLOW_LINE = /^\d+ \S+ -?\d+\r?$/;

/**
 * Which parser reads a file, from its path and its first bytes (a few KiB are enough; a cut-off
 * character at the end is harmless). Undefined when it is none of the formats read.
 */
export function detectFormat(path: string, firstBytes: Uint8Array): LogFormat | undefined {
  const name = baseName(path);
  const lower = name.toLowerCase();
  if (lower.includes('.tfevents.') || lower.startsWith('events.out.tfevents')) return 'tensorboard';
  if (lower === TRAINER_STATE) return 'trainer-state';
  const text = decodeUtf8(firstBytes);
  if (lower.endsWith('.jsonl')) return firstLineIsObject(text) ? 'metrics-jsonl' : undefined;
  if (lower.endsWith('.json')) {
    if (looksLikeLmEval(text) || (RESULTS_FILE.test(name) && text.includes('"results"'))) return 'lm-eval';
    if (LOG_HISTORY.test(text)) return 'trainer-state';
    return undefined;
  }
  if (lower.endsWith('.csv')) {
    const header = csvRecords(text)[0]?.fields.map((h) => h.trim());
    if (!header || !hasStepColumn(header)) return undefined;
    return isWandbHeader(header) ? 'wandb-csv' : 'csv';
  }
  const segments = pathSegments(path);
  const metrics = segments.indexOf('metrics');
  if (metrics >= 1 && metrics < segments.length - 1 && MLFLOW_LINE.test(text.split('\n', 1)[0]!)) return 'mlflow';
  return undefined;
}

/** Whether the first non-blank line looks like a JSON object (it may be cut off at the end of the bytes). */
function firstLineIsObject(text: string): boolean {
  const start = text.search(/\S/);
  if (start < 0 || text[start] !== '{') return false;
  const newline = text.indexOf('\n', start);
  return newline < 0 || text.slice(start, newline).trimEnd().endsWith('}');
}

/**
 * What a log is called before it is read (tab titles, pickers): the run name its format gives it where
 * the path tells it (`…/trl-grpo/checkpoint-140/trainer_state.json` → `trl-grpo`, an event file → its
 * folder), else the file name without its log extension, or its folders when that name is a tool's fixed one
 * (`lightning_logs/version_1/metrics.csv` → `lightning_logs/version_1`, see fileRunName).
 */
export function logName(path: string): string {
  const name = baseName(path);
  const lower = name.toLowerCase();
  if (lower === TRAINER_STATE) return trainerStateRunName(path);
  if (lower.includes('.tfevents.') || lower.startsWith('events.out.tfevents')) return tensorBoardRunName(path);
  return fileRunName(path, name.replace(/(\.metrics)?\.jsonl$|\.csv$|\.json$/i, '') || name);
}
