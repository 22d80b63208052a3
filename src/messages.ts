/**
 * Runtime checks of what the webview sends. A webview is untrusted input (a script injected through a
 * log's content could post anything), so every message is checked against its type in protocol.ts
 * before a handler sees it, and handlers get a fresh copy holding only the checked fields. No vscode
 * import: unit-tested in plain Node.
 */
import { DEFAULT_SETTINGS } from './core/charts';
import { MAX_K, type MethodsAsk } from './core/methodsTypes';
import { MAX_SMOOTHING_WEIGHT } from './core/smoothing';
import {
  axisMetric,
  type BandKind,
  type CopyMessage,
  type ExportFileMessage,
  type SmoothingKind,
  type ViewSettings,
  type WebviewToHost,
  type XAxis,
} from './protocol';

/** Metric names (x axis, dual axes); far above any real one. */
const MAX_NAME = 4096;
/** A run id: a log's path, `#`, the run's name. */
const MAX_RUN_ID = 3 * MAX_NAME;
/** Plot width in CSS pixels: wider than any screen. */
const MAX_CHART_WIDTH = 65536;
/** The summary as text: about 100 bytes a row, so ~150,000 metric×run rows. */
export const MAX_COPY_CHARS = 16 * 2 ** 20;
/** A suggested file name as sent (it is shortened after); longer is not from our webview. */
const MAX_NAME_SENT = 4096;
/** What is kept of a file name before `.png`. */
const MAX_FILE_BASE = 120;
/** A chart's PNG: a 4K canvas compresses far below this. */
export const MAX_PNG_BYTES = 32 * 2 ** 20;
const PNG_PREFIX = 'data:image/png;base64,';
const PNG_BASE64 = /^data:image\/png;base64,[A-Za-z0-9+/]*={0,2}$/;
const MAX_DATA_URL = PNG_PREFIX.length + 4 * Math.ceil(MAX_PNG_BYTES / 3);
const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
/** Control characters but tab and line ends, and bidi overrides: nothing a summary table needs, pasted or shown. */
// eslint-disable-next-line no-control-regex -- control characters are what it refuses
const UNSAFE_TEXT = /[\0-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]/;

// Records, not arrays: a kind added to the union and missing here fails to compile.
const SMOOTHING_KINDS: Readonly<Record<SmoothingKind, true>> = { ema: true, twema: true, average: true };
const BAND_KINDS: Readonly<Record<BandKind, true>> = { minmax: true, std: true, sem: true };
const COPIED: Readonly<Record<CopyMessage['what'], true>> = {
  'summary as Markdown': true,
  'summary as CSV': true,
  'comparison sentences': true,
  'comparison as LaTeX': true,
  'comparison as Markdown': true,
};
/** What each exported format's text starts with (the builders' own first characters); none for tables. */
const EXPORTS: Readonly<Record<ExportFileMessage['format'], { readonly start?: string }>> = {
  svg: { start: '<svg xmlns="http://www.w3.org/2000/svg"' },
  html: { start: '<!doctype html>' },
  tex: {},
  md: {},
};
/**
 * The elements svg.ts writes (names in it are escaped, so they make no element): an SVG with any other
 * (a script, a foreignObject, a link) is not one of ours.
 */
const SVG_ELEMENTS = new Set(['svg', 'rect', 'text', 'g', 'line', 'path', 'title', 'clippath']);
/** An exported SVG or report: charts as drawn (about two points per pixel), so far below this even for hundreds. */
export const MAX_EXPORT_CHARS = 64 * 2 ** 20;
const RESOLUTIONS: Readonly<Record<'full' | 'shown', true>> = { full: true, shown: true };

/** A check for every message of a union: leaving one out is a compile error (as with Handlers). */
export type Validators<U extends { readonly type: string }> = {
  readonly [K in U['type']]: (message: object, note: (kind: string) => void) => Extract<U, { readonly type: K }>;
};

class Mismatch extends Error {}
function fail(): never {
  throw new Mismatch();
}
/** Own properties only: a missing field must not be found on Object.prototype. */
function field(o: object, key: string): unknown {
  return Object.hasOwn(o, key) ? (o as Record<string, unknown>)[key] : undefined;
}
function record(v: unknown): object {
  return typeof v === 'object' && v !== null && !Array.isArray(v) ? v : fail();
}
function finite(v: unknown, min = -Number.MAX_VALUE, max = Number.MAX_VALUE): number {
  return typeof v === 'number' && Number.isFinite(v) && v >= min && v <= max ? v : fail();
}
function bool(v: unknown): boolean {
  return typeof v === 'boolean' ? v : fail();
}
function text(v: unknown, max: number): string {
  return typeof v === 'string' && v.length <= max ? v : fail();
}
function choice<T extends string>(v: unknown, choices: Readonly<Record<T, unknown>>): T {
  return typeof v === 'string' && Object.hasOwn(choices, v) ? (v as T) : fail();
}
/** Absent (or undefined) is fine; present must pass `check`. */
function optional<T>(v: unknown, check: (v: unknown) => T): T | undefined {
  return v === undefined ? undefined : check(v);
}
/** Drops keys whose value is undefined, so an optional field is absent rather than undefined. */
function compact<T extends object>(o: T): T {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as T;
}

function xAxis(v: unknown): XAxis {
  if (v === 'step' || v === 'relative' || v === 'wall') return v;
  const metric = typeof v === 'string' ? axisMetric(v as XAxis) : undefined;
  return metric !== undefined && metric.length > 0 && metric.length <= MAX_NAME ? (v as XAxis) : fail();
}

function viewSettings(v: unknown): ViewSettings {
  const s = record(v);
  const smoothing = record(field(s, 'smoothing'));
  return compact<ViewSettings>({
    smoothing: {
      kind: choice(field(smoothing, 'kind'), SMOOTHING_KINDS),
      weight: finite(field(smoothing, 'weight'), 0, MAX_SMOOTHING_WEIGHT),
    },
    xAxis: xAxis(field(s, 'xAxis')),
    range: optional(field(s, 'range'), (r) => {
      const o = record(r);
      const range = { min: finite(field(o, 'min')), max: finite(field(o, 'max')) };
      return range.min < range.max ? range : fail();
    }),
    ignoreOutliers: bool(field(s, 'ignoreOutliers')),
    dualAxis: optional(field(s, 'dualAxis'), (d) => {
      const o = record(d);
      return { left: text(field(o, 'left'), MAX_NAME), right: text(field(o, 'right'), MAX_NAME) };
    }),
    groups: optional(field(s, 'groups'), (g) => choice(g, BAND_KINDS)),
    summaryStep: optional(field(s, 'summaryStep'), (n) => finite(n)),
    threshold: optional(field(s, 'threshold'), (n) => finite(n)),
  });
}

const chartWidth = (m: object): number => finite(field(m, 'chartWidth'), 0, MAX_CHART_WIDTH);

/**
 * A plain file name ending in `.ext`: no path separators, no leading dot (no `..`, no hidden file),
 * only letters, digits, `_`, `-` and `.`, bounded, never empty or a Windows device name.
 */
export function plainFileName(name: string, ext: string, fallback = 'chart'): string {
  let base = name
    .slice(0, name.toLowerCase().endsWith(`.${ext}`) ? -ext.length - 1 : undefined)
    .replace(/[^\w.-]+/g, '_')
    .replace(/\.{2,}/g, '.')
    .replace(/^[._-]+/, '')
    .slice(0, MAX_FILE_BASE);
  if (base === '') base = fallback;
  if (/^(con|prn|aux|nul|com\d|lpt\d)$/i.test(base)) base = `${fallback}-${base}`;
  return `${base}.${ext}`;
}

export const pngFileName = (name: string): string => plainFileName(name, 'png');

function methodsAsk(v: unknown): MethodsAsk {
  const o = record(v);
  const k = finite(field(o, 'k'), 1, MAX_K);
  return compact<MethodsAsk>({
    metric: optional(field(o, 'metric'), (m) => text(m, MAX_NAME)),
    k: Number.isInteger(k) ? k : fail(),
    threshold: optional(field(o, 'threshold'), (n) => finite(n)),
  });
}

function exportFile(m: object): ExportFileMessage {
  const format = choice(field(m, 'format'), EXPORTS);
  const body = text(field(m, 'text'), MAX_EXPORT_CHARS);
  const start = EXPORTS[format].start;
  if (start !== undefined && !body.startsWith(start)) fail();
  if (format === 'svg')
    for (const [, tag] of body.matchAll(/<\/?([^\s/>]*)/g)) if (!SVG_ELEMENTS.has(tag!.toLowerCase())) fail();
  // Tables are pasted into papers as they are: no control characters there either.
  if (start === undefined && UNSAFE_TEXT.test(body)) fail();
  return { type: 'exportFile', format, name: plainFileName(text(field(m, 'name'), MAX_NAME_SENT), format), text: body };
}

/** A base64 PNG data URL, bounded, whose bytes start with the PNG signature. */
function pngDataUrl(v: unknown): string {
  const url = text(v, MAX_DATA_URL);
  if ((url.length - PNG_PREFIX.length) % 4 !== 0 || !PNG_BASE64.test(url)) fail();
  const head = atob(url.slice(PNG_PREFIX.length, PNG_PREFIX.length + 12));
  return PNG_SIGNATURE.every((byte, i) => head.charCodeAt(i) === byte) ? url : fail();
}

const VALIDATORS: Validators<WebviewToHost> = {
  ready: (m, note) => {
    const width = chartWidth(m);
    // Settings come from the webview's saved state: an odd one must not leave the view blank forever.
    let settings = DEFAULT_SETTINGS;
    try {
      settings = viewSettings(field(m, 'settings'));
    } catch {
      note('settings of ready; the defaults are used');
    }
    return { type: 'ready', chartWidth: width, settings };
  },
  resize: (m) => ({ type: 'resize', chartWidth: chartWidth(m) }),
  settings: (m) => ({ type: 'settings', settings: viewSettings(field(m, 'settings')) }),
  openAsText: () => ({ type: 'openAsText' }),
  revealLine: (m) => ({ type: 'revealLine', run: text(field(m, 'run'), MAX_RUN_ID), step: finite(field(m, 'step')) }),
  copy: (m) => {
    const copied = text(field(m, 'text'), MAX_COPY_CHARS);
    if (UNSAFE_TEXT.test(copied)) fail();
    return { type: 'copy', text: copied, what: choice(field(m, 'what'), COPIED) };
  },
  savePng: (m) => ({
    type: 'savePng',
    name: pngFileName(text(field(m, 'name'), MAX_NAME_SENT)),
    dataUrl: pngDataUrl(field(m, 'dataUrl')),
  }),
  exportCsv: (m) => ({ type: 'exportCsv', resolution: choice(field(m, 'resolution'), RESOLUTIONS) }),
  compareMethods: (m) =>
    compact({ type: 'compareMethods', ask: optional(field(m, 'ask'), methodsAsk), follow: bool(field(m, 'follow')) }),
  exportFile,
};

/**
 * Returns a function that gives a webview message back, checked and copied, or undefined when it does
 * not match its type. It never throws; each kind of mismatch is told to `warn` once.
 */
export function webviewMessageGate(
  warn: (text: string) => void = console.warn,
): (raw: unknown) => WebviewToHost | undefined {
  const warned = new Set<string>();
  const note = (kind: string): void => {
    if (warned.has(kind)) return;
    warned.add(kind);
    warn(`Training Curves: ignored a webview message that does not match the protocol (${kind}).`);
  };
  return (raw) => {
    const type = typeof raw === 'object' && raw !== null ? field(raw, 'type') : undefined;
    // The set of kinds stays small: an unknown type string is not used as a kind.
    if (typeof type !== 'string' || !Object.hasOwn(VALIDATORS, type)) {
      note('unknown type');
      return undefined;
    }
    try {
      return VALIDATORS[type as WebviewToHost['type']](raw as object, note);
    } catch {
      note(type);
      return undefined;
    }
  };
}
