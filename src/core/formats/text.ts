/** Text, number, JSON and path helpers shared by the format parsers. */

/** The slice of the WHATWG TextDecoder we use (a global in Node and browsers; the core's ES-only lib does not declare it). */
interface Utf8Decoder {
  decode(input?: Uint8Array): string;
}
const TextDecoderImpl = (globalThis as unknown as { TextDecoder: new (label?: string) => Utf8Decoder }).TextDecoder;
const decoder = new TextDecoderImpl('utf-8');

/** The bytes as UTF-8 text, without a byte-order mark; invalid sequences become U+FFFD. */
export function decodeUtf8(bytes: Uint8Array): string {
  return decoder.decode(bytes);
}

/** Path segments, splitting on `/` and `\` (paths may come from Windows), without empty ones. */
export function pathSegments(path: string): string[] {
  return path.split(/[\\/]+/).filter((s) => s.length > 0);
}

/** The last path segment. */
export function baseName(path: string): string {
  const segments = pathSegments(path);
  return segments.length > 0 ? segments[segments.length - 1] : '';
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

/**
 * What a bare NaN token becomes before JSON.parse: a string no program writes, so an explicit NaN (a
 * gap in the curve) stays distinct from `null` ("not logged").
 */
const NAN_SENTINEL = '\u0000NaN';

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

/** Rewrites bare NaN / Infinity tokens outside strings as the NaN sentinel and `1e999` (parses as ±Infinity). */
function replaceNonFiniteTokens(text: string): string {
  const parts: string[] = [];
  let copiedTo = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 92 /* \ */) i++;
      else if (c === 34 /* " */) inString = false;
    } else if (c === 34) {
      inString = true;
    } else if (c === 78 /* N */ && text.startsWith('NaN', i)) {
      parts.push(text.slice(copiedTo, i), JSON.stringify(NAN_SENTINEL));
      copiedTo = i + 3;
      i += 2;
    } else if (c === 73 /* I */ && text.startsWith('Infinity', i)) {
      parts.push(text.slice(copiedTo, i), '1e999');
      copiedTo = i + 8;
      i += 7;
    }
  }
  parts.push(text.slice(copiedTo));
  return parts.join('');
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
