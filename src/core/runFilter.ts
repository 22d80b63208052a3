/**
 * The runs table's filter text (issue #17): free words, and comparisons of a column with a value.
 *
 *   grpo "seed 1"            rows whose name, method or any value holds both (case-insensitive)
 *   optimizer=adamw lr<1e-5   a value equal to (as numbers when both are; else as text, any case), below
 *   name="grpo v2" seed!=3    quoted values; != also keeps rows without the key
 *
 * Terms are separated by spaces and all must hold. Operators: = (or ==), !=, >, >=, <, <=; the last four
 * compare numbers. A malformed term is returned as an error, never thrown. The text is read by a scanner
 * of its own: no regular expression is built from it.
 */
import { configText, numberText, type ConfigValue } from './config';

/** Longer filter text is an error: no one types more, and every row is matched against all of it. */
export const MAX_FILTER_LENGTH = 1000;

export type FilterOperator = '=' | '!=' | '>' | '>=' | '<' | '<=';

export type FilterTerm =
  /** Matches a row whose name, method or any value's text contains `text` (lower case). */
  | { readonly kind: 'text'; readonly text: string }
  /** Compares the row's value of `key` with `value`; `number` is `value` read as a number, if it is one. */
  | {
      readonly kind: 'compare';
      readonly key: string;
      readonly op: FilterOperator;
      readonly value: string;
      readonly number?: number;
    };

export type FilterErrorCode = 'too-long' | 'unclosed-quote' | 'no-key' | 'no-value' | 'not-a-number' | 'two-operators';

/** Why filter text was not read: a code for the view to say in the user's language, and the English text. */
export interface FilterError {
  readonly code: FilterErrorCode;
  readonly message: string;
  /** The term at fault as typed (cut to 60 characters), and where it starts in the text. */
  readonly term: string;
  readonly at: number;
}

export type ParsedFilter =
  { readonly ok: true; readonly terms: readonly FilterTerm[] } | { readonly ok: false; readonly error: FilterError };

/** A row as the filter sees it: the run's name and method, and its values by column key. */
export interface FilterRow {
  readonly name: string;
  readonly method?: string;
  /** Configuration values, and any other column the table shows (format, steps, a metric's last value). */
  readonly values: ReadonlyMap<string, ConfigValue>;
}

/** Keys that name the row itself when no value has that key. */
const NAME_KEYS: readonly string[] = ['name', 'run'];
const METHOD_KEY = 'method';

const QUOTE = '"';
const BACKSLASH = '\\';
/** Operators, longest first so that `>=` is not read as `>`; `==` is `=`. */
const OPERATORS: readonly (readonly [string, FilterOperator])[] = [
  ['!=', '!='],
  ['>=', '>='],
  ['<=', '<='],
  ['==', '='],
  ['=', '='],
  ['>', '>'],
  ['<', '<'],
];
const TERM_SHOWN = 60;

const isSpace = (c: string | undefined): boolean =>
  c === ' ' || c === '\t' || c === '\n' || c === '\r' || c === '\u00a0' || c === '\u3000';

/** The operator at text[i], if one starts there. */
function operatorAt(text: string, i: number): readonly [string, FilterOperator] | undefined {
  for (const entry of OPERATORS) if (text.startsWith(entry[0], i)) return entry;
  return undefined;
}

/** Reads the filter text into terms, or the first malformed term's error. Empty text has no terms (every row matches). */
export function parseFilter(text: string): ParsedFilter {
  if (text.length > MAX_FILTER_LENGTH) {
    return fail('too-long', `The filter is longer than ${MAX_FILTER_LENGTH} characters.`, text, 0);
  }
  const terms: FilterTerm[] = [];
  let i = 0;
  const n = text.length;
  const skipSpace = (): void => {
    while (i < n && isSpace(text[i])) i++;
  };
  /** A quoted string starting at text[i] (the quote): its contents, or undefined when it is not closed. */
  const quoted = (): string | undefined => {
    let out = '';
    for (let j = i + 1; j < n; j++) {
      const c = text[j]!;
      if (c === BACKSLASH && j + 1 < n) out += text[++j];
      else if (c === QUOTE) {
        i = j + 1;
        return out;
      } else out += c;
    }
    return undefined;
  };

  for (skipSpace(); i < n; skipSpace()) {
    const start = i;
    /** The term at fault, for an error: from its start to the next space. */
    const termText = (): string => {
      while (i < n && !isSpace(text[i])) i++;
      return cutTerm(text.slice(start, i));
    };
    // The key, or a free word: quoted, or up to a space or an operator.
    let word: string;
    let wasQuoted = false;
    if (text[i] === QUOTE) {
      const contents = quoted();
      if (contents === undefined) return unclosed(text, i);
      word = contents;
      wasQuoted = true;
    } else {
      const from = i;
      while (i < n && !isSpace(text[i]) && !operatorAt(text, i)) i++;
      word = text.slice(from, i);
    }
    // Spaces may stand around an operator: `lr > 1e-5`.
    const afterWord = i;
    skipSpace();
    const operator = operatorAt(text, i);
    if (!operator) {
      i = afterWord;
      if (word.length > 0) terms.push({ kind: 'text', text: word.toLowerCase() });
      continue;
    }
    const [spelling, op] = operator;
    i += spelling.length;
    if (word.length === 0 && !wasQuoted) {
      const term = termText();
      return fail('no-key', `${term}: a comparison needs a key before ${spelling}.`, term, start);
    }
    skipSpace();
    let value: string;
    if (i >= n) {
      const term = cutTerm(text.slice(start).trimEnd());
      return fail('no-value', `${term}: a comparison needs a value after ${spelling}.`, term, start);
    } else if (text[i] === QUOTE) {
      const contents = quoted();
      if (contents === undefined) return unclosed(text, i);
      value = contents;
    } else {
      if (operatorAt(text, i)) {
        const term = termText();
        return fail(
          'two-operators',
          `${term}: ${spelling} is followed by another operator; quote a value that starts with one.`,
          term,
          start,
        );
      }
      const from = i;
      while (i < n && !isSpace(text[i])) i++;
      value = text.slice(from, i);
    }
    const number = decimal(value.trim());
    if (op !== '=' && op !== '!=' && number === undefined) {
      const term = cutTerm(text.slice(start, i));
      return fail(
        'not-a-number',
        `${term}: ${spelling} compares numbers, and ${JSON.stringify(cutTerm(value))} is not one.`,
        term,
        start,
      );
    }
    terms.push(
      number === undefined
        ? { kind: 'compare', key: word, op, value }
        : { kind: 'compare', key: word, op, value, number },
    );
  }
  return { ok: true, terms };
}

/** Whether `row` satisfies every term. */
export function matchesFilter(terms: readonly FilterTerm[], row: FilterRow): boolean {
  for (const term of terms) {
    if (term.kind === 'text' ? !containsText(row, term.text) : !compares(row, term)) return false;
  }
  return true;
}

/** The rows that satisfy every term, in their order. */
export function filterRows<T extends FilterRow>(terms: readonly FilterTerm[], rows: readonly T[]): T[] {
  return terms.length === 0 ? rows.slice() : rows.filter((row) => matchesFilter(terms, row));
}

/**
 * Orders two cells of one column for sorting: numbers by value, then text (booleans as `true` / `false`)
 * by Intl.Collator with numeric ordering (`run2` before `run10`), case and accents aside; missing values
 * (and NaN) last, in either direction. `descending` reverses the rest: text first, then numbers, each reversed.
 */
export function compareValues(a: ConfigValue | undefined, b: ConfigValue | undefined, descending = false): number {
  const rankA = rank(a);
  const rankB = rank(b);
  if (rankA === MISSING || rankB === MISSING) return rankA - rankB;
  const sign = descending ? -1 : 1;
  if (rankA !== rankB) return sign * (rankA - rankB);
  if (rankA === NUMBER) return sign * ((a as number) - (b as number) || 0);
  const textA = configText(a!);
  const textB = configText(b!);
  // Ties of the collator (`Adam` and `adam`) in code-unit order: a sort never depends on the input's order.
  return sign * (collator().compare(textA, textB) || (textA < textB ? -1 : textA > textB ? 1 : 0));
}

const NUMBER = 0;
const TEXT = 1;
const MISSING = 2;

function rank(value: ConfigValue | undefined): number {
  if (value === undefined || (typeof value === 'number' && Number.isNaN(value))) return MISSING;
  return typeof value === 'number' ? NUMBER : TEXT;
}

let sharedCollator: Intl.Collator | undefined;
function collator(): Intl.Collator {
  return (sharedCollator ??= new Intl.Collator(undefined, { numeric: true, sensitivity: 'base' }));
}

/** The lower-case text free words are looked for in, per row (rows are kept by the table between keystrokes). */
const haystacks = new WeakMap<FilterRow, string>();
/** Between two texts joined in a haystack: no free word holds it, so none matches across two values. */
const SEPARATOR = '\u0000';

function containsText(row: FilterRow, word: string): boolean {
  let haystack = haystacks.get(row);
  if (haystack === undefined) {
    const parts = [row.name, row.method ?? ''];
    for (const value of row.values.values()) parts.push(configText(value));
    haystack = parts.join(SEPARATOR).toLowerCase();
    haystacks.set(row, haystack);
  }
  return !word.includes(SEPARATOR) && haystack.includes(word);
}

/** Lower-cased keys of a row's values, for a key typed in another case (`LR` for `lr`). */
const lowerKeys = new WeakMap<ReadonlyMap<string, ConfigValue>, Map<string, string>>();

/** The row's value of `key`: exact, else in any case, else the row's name or method. */
function valueOf(row: FilterRow, key: string): ConfigValue | undefined {
  const exact = row.values.get(key);
  if (exact !== undefined) return exact;
  let lower = lowerKeys.get(row.values);
  if (!lower) {
    lower = new Map();
    for (const k of row.values.keys()) if (!lower.has(k.toLowerCase())) lower.set(k.toLowerCase(), k);
    lowerKeys.set(row.values, lower);
  }
  const wanted = key.toLowerCase();
  const found = lower.get(wanted);
  if (found !== undefined) return row.values.get(found);
  if (NAME_KEYS.includes(wanted)) return row.name;
  if (wanted === METHOD_KEY) return row.method;
  return undefined;
}

function compares(row: FilterRow, term: Extract<FilterTerm, { kind: 'compare' }>): boolean {
  const value = valueOf(row, term.key);
  if (term.op === '=') return value !== undefined && equals(value, term);
  if (term.op === '!=') return value === undefined || !equals(value, term);
  const number = asNumber(value);
  if (number === undefined) return false;
  const wanted = term.number!;
  switch (term.op) {
    case '>':
      return number > wanted;
    case '>=':
      return number >= wanted;
    case '<':
      return number < wanted;
    default:
      return number <= wanted;
  }
}

/** As numbers when both are numbers (or text that is one), else as text in any case (`True` is `true`). */
function equals(value: ConfigValue, term: Extract<FilterTerm, { kind: 'compare' }>): boolean {
  const number = asNumber(value);
  if (number !== undefined && term.number !== undefined) return number === term.number;
  return configText(value).toLowerCase() === term.value.toLowerCase();
}

/** A value as a number: a number (not NaN), or text that writes one as runConfig reads it (numberText). */
function asNumber(value: ConfigValue | undefined): number | undefined {
  if (typeof value === 'number') return Number.isNaN(value) ? undefined : value;
  if (typeof value === 'string') return numberText(value);
  return undefined;
}

const isDigit = (c: string | undefined): boolean => c !== undefined && c >= '0' && c <= '9';

/**
 * A number typed in the filter: a decimal, also as people type them and JSON does not write them
 * (`.5`, `5.`, `+3`, `007`, `1E5`); at most 32 characters, finite. Undefined for anything else.
 */
function decimal(text: string): number | undefined {
  if (text.length === 0 || text.length > 32) return undefined;
  let i = text[0] === '+' || text[0] === '-' ? 1 : 0;
  const start = i;
  while (isDigit(text[i])) i++;
  let digits = i - start;
  if (text[i] === '.') {
    const from = ++i;
    while (isDigit(text[i])) i++;
    digits += i - from;
  }
  if (digits === 0) return undefined;
  if (text[i] === 'e' || text[i] === 'E') {
    i++;
    if (text[i] === '+' || text[i] === '-') i++;
    const from = i;
    while (isDigit(text[i])) i++;
    if (i === from) return undefined;
  }
  if (i !== text.length) return undefined;
  const number = Number(text);
  return Number.isFinite(number) ? number : undefined;
}

function cutTerm(term: string): string {
  return term.length > TERM_SHOWN ? term.slice(0, TERM_SHOWN - 1) + '…' : term;
}

function unclosed(text: string, at: number): ParsedFilter {
  const term = cutTerm(text.slice(at));
  return fail('unclosed-quote', `${term}: the quote is not closed.`, term, at);
}

function fail(code: FilterErrorCode, message: string, term: string, at: number): ParsedFilter {
  return { ok: false, error: { code, message, term, at } };
}
