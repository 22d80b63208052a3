import { Problems, RunBuilder, failed } from './builder';
import { fileRunName } from './runName';
import { baseName, parseNumberToken } from './text';
import { decodeUtf8 } from '../utf8';
import { EPOCH_FIELD, STEP_KEYS } from '../scan';
import type { ParsedLog } from './types';

/** Step columns, most specific first (matched ignoring case); as in JSON lines, `epoch` only when none is there (Keras' CSVLogger). */
const STEP_COLUMNS = [...STEP_KEYS, EPOCH_FIELD];
/** Wall-time columns (seconds): kept as the points' times, not charted. `Wall time` is TensorBoard's CSV export. */
const TIME_COLUMNS = ['time', 'timestamp', '_timestamp', 'wall_time', 'wall time'];
/** W&B's chart export names a column `<run> - <metric>`; run names may contain ` - `, metric names rarely do. */
const WANDB_SEPARATOR = ' - ';
/** W&B's bucket range columns next to a sampled value (`<run> - <metric>__MIN`); the view charts the value only. */
const WANDB_RANGE = /__(?:MIN|MAX)$/;

/** One CSV record: its fields, the line it starts on, and whether a line ending closed it. */
interface CsvRecord {
  readonly fields: string[];
  readonly line: number;
  readonly terminated: boolean;
  readonly unclosedQuote: boolean;
}

/**
 * Splits CSV text into records (RFC 4180: `"` quotes fields that hold commas, quotes or line breaks, and
 * `""` is a quote inside one; CRLF or LF line endings). A stray quote inside an unquoted field is kept as text.
 */
export function csvRecords(text: string): CsvRecord[] {
  const records: CsvRecord[] = [];
  const n = text.length;
  // Past the last quote no quote closes: known at once, so stray quotes cost no scan to the end each.
  const lastQuote = text.lastIndexOf('"');
  let i = 0;
  let line = 1;
  while (i < n) {
    const startLine = line;
    const fields: string[] = [];
    let terminated = false;
    let unclosedQuote = false;
    for (;;) {
      let field = '';
      if (text.charCodeAt(i) === 34 /* " */) {
        const opened = i;
        i++;
        for (;;) {
          const quote = i > lastQuote ? -1 : text.indexOf('"', i);
          if (quote < 0) {
            unclosedQuote = true;
            // A quote never closed before a later line: a stray one, so only its own line is lost (the
            // rest of the file is not swallowed into one field). On the last line it is a row being written.
            const newline = text.indexOf('\n', opened);
            if (newline >= 0) {
              i = opened + 1;
              break;
            }
            field += text.slice(i);
            line += countNewlines(text.slice(i));
            i = n;
            break;
          }
          const chunk = text.slice(i, quote);
          field += chunk;
          line += countNewlines(chunk);
          if (text.charCodeAt(quote + 1) === 34) {
            field += '"';
            i = quote + 2;
          } else {
            i = quote + 1;
            break;
          }
        }
      }
      // Unquoted field, or whatever follows a closing quote up to the delimiter.
      let end = i;
      while (end < n) {
        const c = text.charCodeAt(end);
        if (c === 44 /* , */ || c === 10 /* \n */ || (c === 13 && text.charCodeAt(end + 1) === 10)) break;
        end++;
      }
      field += text.slice(i, end);
      fields.push(field);
      i = end;
      if (i >= n) break;
      const c = text.charCodeAt(i);
      if (c === 44) {
        i++;
        continue;
      }
      i += c === 13 ? 2 : 1;
      line++;
      terminated = true;
      break;
    }
    if (fields.length === 1 && fields[0] === '' && !unclosedQuote) continue; // blank line
    records.push({ fields, line: startLine, terminated, unclosedQuote });
  }
  return records;
}

function countNewlines(text: string): number {
  let count = 0;
  for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) count++;
  return count;
}

/** What each CSV column holds. */
type ColumnRole =
  { kind: 'step' } | { kind: 'time' } | { kind: 'ignored' } | { kind: 'metric'; run: RunBuilder; metric: string };

/** The index of the step column in a header, or -1. */
function stepColumn(header: readonly string[]): number {
  const lower = header.map((h) => h.trim().toLowerCase());
  for (const name of STEP_COLUMNS) {
    const index = lower.indexOf(name);
    if (index >= 0) return index;
  }
  return -1;
}

/** Whether a header is a W&B chart export: every column besides the step is `<run> - <metric>`. */
export function isWandbHeader(header: readonly string[]): boolean {
  const step = stepColumn(header);
  return step >= 0 && header.length > 1 && header.every((h, i) => i === step || h.includes(WANDB_SEPARATOR));
}

/** Whether a CSV header has a step column, which parseCsv needs. */
export function hasStepColumn(header: readonly string[]): boolean {
  return stepColumn(header) >= 0;
}

/**
 * Reads a CSV log. A W&B chart export (`Step`, `<run> - <metric>` columns) gives one run per `<run>`;
 * its `__MIN` / `__MAX` columns are not read. Any other CSV with a step column (`step`, `Step`,
 * `global_step`, `_step`) is one run named after the file: numeric columns are metrics, a time column
 * (`time`, `timestamp`, `wall_time`, `Wall time`) gives the points' wall time, and text cells are metadata.
 * Empty cells are "not logged". Rows with the wrong number of fields or no numeric step are skipped.
 */
export function parseCsv(bytes: Uint8Array, path: string): ParsedLog {
  const problems = new Problems();
  const records = csvRecords(decodeUtf8(bytes));
  const header = records[0]?.fields.map((h) => h.trim());
  const fileRun = fileRunName(path, baseName(path).replace(/\.csv$/i, '') || 'csv');
  if (!header || stepColumn(header) < 0) {
    return failed(`${baseName(path)} has no step column (${STEP_COLUMNS.join(', ')}) in its first row.`);
  }

  const runs = new Map<string, RunBuilder>();
  const runFor = (name: string): RunBuilder => {
    let run = runs.get(name);
    if (!run) runs.set(name, (run = new RunBuilder(name)));
    return run;
  };
  const wandb = isWandbHeader(header);
  const step = stepColumn(header);
  const roles: ColumnRole[] = header.map((name, i): ColumnRole => {
    if (i === step) return { kind: 'step' };
    if (wandb) {
      if (WANDB_RANGE.test(name)) return { kind: 'ignored' };
      const cut = name.lastIndexOf(WANDB_SEPARATOR);
      return { kind: 'metric', run: runFor(name.slice(0, cut)), metric: name.slice(cut + WANDB_SEPARATOR.length) };
    }
    if (TIME_COLUMNS.includes(name.toLowerCase())) return { kind: 'time' };
    return { kind: 'metric', run: runFor(fileRun), metric: name };
  });
  if (runs.size === 0) runFor(fileRun);
  for (const run of runs.values()) run.stepField = header[step];

  let lastStep = -Infinity;
  records.slice(1).forEach((record, index) => {
    const last = index === records.length - 2;
    if (record.unclosedQuote || record.fields.length !== header.length) {
      const why = record.unclosedQuote
        ? 'a quoted field is never closed'
        : `${record.fields.length} fields where the header has ${header.length}`;
      // A last row without its line ending is one being written; it is read once complete.
      if (last && !record.terminated)
        problems.notice(`line ${record.line}: the last row is incomplete (${why}), probably still being written`);
      else problems.skip(record.line, why);
      return;
    }
    // The row has the header's fields, so one at the step column.
    const stepCell = record.fields[step]!;
    const x = parseNumberToken(stepCell);
    if (x === undefined || !Number.isFinite(x)) {
      problems.skip(
        record.line,
        stepCell.trim() === '' ? 'no step' : `step ${JSON.stringify(stepCell)} is not a number`,
      );
      return;
    }
    if (x < lastStep) {
      // As in the JSON-lines format: a step going back is a resumed run; the new rows replace the old ones.
      let dropped = 0;
      for (const run of runs.values()) dropped += run.truncateFrom(x);
      problems.notice(
        `step went back from ${lastStep} to ${x} at line ${record.line}; ${dropped} earlier points from step ${x} on were replaced`,
      );
    }
    lastStep = x;
    record.fields.forEach((cell, i) => {
      const role = roles[i]!;
      if (role.kind === 'step' || role.kind === 'ignored' || cell.trim() === '') return;
      const value = parseNumberToken(cell);
      if (role.kind === 'time') {
        if (value !== undefined && Number.isFinite(value)) runFor(fileRun).time(x, value);
      } else if (value !== undefined) {
        role.run.point(role.metric, x, value);
      } else {
        role.run.meta(role.metric, cell);
      }
    });
  });
  return problems.result([...runs.values()]);
}
