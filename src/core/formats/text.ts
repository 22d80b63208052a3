/** Text, number, JSON and path helpers shared by the format parsers. */
import { NAN_SENTINEL, replaceNonFiniteTokens } from '../pythonJson';
import { decodeUtf8 } from '../utf8';

/** Path segments, splitting on `/` and `\` (paths may come from Windows), without empty ones. */
export function pathSegments(path: string): string[] {
  return path.split(/[\\/]+/).filter((s) => s.length > 0);
}

/** The last path segment. */
export function baseName(path: string): string {
  const segments = pathSegments(path);
  return segments.length > 0 ? segments[segments.length - 1]! : '';
}

const DECIMAL = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;
const NAN_TOKEN = /^[+-]?nan$/i;
const INFINITY_TOKEN = /^([+-]?)inf(?:inity)?$/i;

/**
 * A number written as text by Python, pandas or a spreadsheet: decimals, `nan`/`NaN`, `inf`/`Infinity`
 * with a sign. Undefined for anything else, including an empty cell (which means "not logged").
 */
export function parseNumberToken(text: string): number | undefined {
  const token = text.trim();
  if (DECIMAL.test(token)) return Number(token);
  if (NAN_TOKEN.test(token)) return NaN;
  const infinity = INFINITY_TOKEN.exec(token);
  if (infinity) return infinity[1] === '-' ? -Infinity : Infinity;
  return undefined;
}

/** A JSON leaf as a metric value: a number, or NaN for Python's bare NaN; undefined for anything else. */
export function jsonNumber(value: unknown): number | undefined {
  if (typeof value === 'number') return value;
  if (value === NAN_SENTINEL) return NaN;
  return undefined;
}

/** Outcome of reading a whole JSON file. */
export type JsonRead = { ok: true; value: unknown } | { ok: false; error: string };

/**
 * Parses a JSON file written by Python's json module, which writes NaN, Infinity and -Infinity as bare
 * tokens (read them back with jsonNumber). A file cut short (still being written) gets its own message.
 */
export function readPythonJson(bytes: Uint8Array, fileName: string): JsonRead {
  let text = decodeUtf8(bytes);
  if (text.trim().length === 0) return { ok: false, error: `${fileName} is empty (it may still be being written).` };
  if (text.includes('NaN') || text.includes('Infinity')) text = replaceNonFiniteTokens(text);
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch (e) {
    // A complete JSON document ends with its closing bracket; one that does not was cut off mid-write.
    if (!/[}\]]\s*$/.test(text)) {
      return {
        ok: false,
        error: `${fileName} ends before its JSON is complete (${bytes.length} bytes): it is probably still being written. It will be read when complete.`,
      };
    }
    return { ok: false, error: `${fileName} is not valid JSON: ${e instanceof Error ? e.message : String(e)}` };
  }
}

/** A plain JSON object (not null, not an array), or undefined. */
export function asObject(value: unknown): Record<string, unknown> | undefined {
  return value !== null && typeof value === 'object' && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : undefined;
}

/** A scalar as run metadata: strings and booleans as they are, finite numbers as text; others undefined. */
export function metadataValue(value: unknown): string | boolean | undefined {
  if (typeof value === 'string' || typeof value === 'boolean') return value;
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  return undefined;
}
