/**
 * One entry for every format besides JSON lines: what a file or a folder run reads as, whichever thread
 * parses it (the extension host's, or a worker thread for large inputs, see src/formatSource.ts).
 */
import { detectFormat } from './detect';
import { parseCsv } from './csv';
import { parseLmEvalResults } from './lm-eval';
import { parseMlflowRun } from './mlflow';
import { folderRunName } from './runName';
import { parseTensorBoardRun, tensorBoardRunName } from './tensorboard';
import { parseTrainerState } from './trainer-state';
import type { LogFile, ParsedLog } from './types';
import type { Run, SeriesColumns } from '../types';

/** Bytes enough for detectFormat to tell a file's format. */
const SNIFF_BYTES = 4096;

/** A log to parse: one file, or the files of a folder run (paths relative to the folder). */
export type LogInput =
  | { readonly kind: 'file'; readonly file: LogFile }
  | { readonly kind: 'tensorboard' | 'lm-eval' | 'mlflow'; readonly folder: string; readonly files: LogFile[] };

/** The runs of `input`; throws when a file is in no format read here. */
export function parseLog(input: LogInput): ParsedLog {
  if (input.kind === 'file') {
    const { path, bytes } = input.file;
    switch (detectFormat(path, bytes.subarray(0, SNIFF_BYTES))) {
      case 'trainer-state':
        return parseTrainerState(bytes, path);
      case 'csv':
      case 'wandb-csv':
        return parseCsv(bytes, path);
      case 'tensorboard':
        return parseTensorBoardRun([input.file], tensorBoardRunName(path));
      case 'lm-eval':
        return parseLmEvalResults([input.file]);
      default:
        throw new Error('not a log format Training Curves reads (see docs/format.md)');
    }
  }
  if (input.kind === 'tensorboard') return parseTensorBoardRun(input.files, folderRunName(input.folder));
  if (input.kind === 'lm-eval') return parseLmEvalResults(input.files);
  return parseMlflowRun(input.files, input.folder.slice(input.folder.lastIndexOf('/') + 1));
}

const plain = (column: SeriesColumns): SeriesColumns => ({
  steps: column.steps.slice(0, column.length),
  values: column.values.slice(0, column.length),
  length: column.length,
});

/**
 * The log with its columns as plain arrays cut to their length: what can be posted between threads
 * (a column's class, and its spare capacity, would not survive the copy or would be copied for nothing).
 */
export function plainLog(log: ParsedLog): ParsedLog {
  const runs = log.runs.map((run): Run => ({
    ...run,
    metrics: new Map([...run.metrics].map(([name, column]) => [name, plain(column)])),
    times: plain(run.times),
    ...(run.lines && { lines: plain(run.lines) }),
  }));
  return { ...log, runs };
}

/** Bytes in the input. */
export const inputBytes = (input: LogInput): number =>
  input.kind === 'file' ? input.file.bytes.length : input.files.reduce((sum, file) => sum + file.bytes.length, 0);
