/**
 * The one channel between the extension host and the webview. Both sides import this module, so a
 * message type added here without a handler on the receiving side fails to compile (see `Handlers`).
 * Numeric series travel as Float64Array (structured-cloned as ArrayBuffers), never as point objects.
 */

/** One line of one chart, already downsampled by the host for the chart's pixel width. */
export interface SeriesPayload {
  /** Stable id of the run (file or `run` field); also the key for its colour. */
  readonly run: string;
  /** Label shown in legend and tooltip. */
  readonly label: string;
  readonly x: Float64Array;
  readonly y: Float64Array;
  /** Points in the full-resolution column, so the view can say when it shows a sample of them. */
  readonly total: number;
}

export interface ChartPayload {
  /** Stable id (the metric's full name in the single-log editor). */
  readonly id: string;
  readonly title: string;
  /** Heading the chart sits under: a benchmark, or a diagnostics group. */
  readonly section: string;
  readonly sectionKind: 'benchmark' | 'diagnostic';
  readonly series: readonly SeriesPayload[];
}

export interface SkippedSummary {
  /** Lines skipped in all. */
  readonly count: number;
  /** The first few, 1-based, with the reason. */
  readonly first: readonly { readonly line: number; readonly reason: string }[];
  /** A trailing line without newline that does not parse yet: probably still being written. */
  readonly pendingLine?: number;
}

// ---- host → webview ----
export interface DataMessage {
  readonly type: 'data';
  readonly title: string;
  readonly charts: readonly ChartPayload[];
  readonly skipped: SkippedSummary;
  /** Other things the user should know (restarts detected, duplicate steps, …). */
  readonly notices: readonly string[];
  /** True once the whole file has been read; false while a large file is still loading. */
  readonly complete: boolean;
}
export interface ErrorMessage {
  readonly type: 'error';
  readonly message: string;
}
export type HostToWebview = DataMessage | ErrorMessage;

// ---- webview → host ----
export interface ReadyMessage {
  readonly type: 'ready';
  /** Width of one chart's plot area in CSS pixels: the host downsamples to about 2 points per pixel. */
  readonly chartWidth: number;
}
export interface ResizeMessage {
  readonly type: 'resize';
  readonly chartWidth: number;
}
export interface OpenAsTextMessage {
  readonly type: 'openAsText';
}
export type WebviewToHost = ReadyMessage | ResizeMessage | OpenAsTextMessage;

/** A handler for every message of a union: leaving one out is a compile error. */
export type Handlers<U extends { readonly type: string }> = {
  readonly [K in U['type']]: (message: Extract<U, { readonly type: K }>) => void;
};

/** Sends `message` to the handler for its type. */
export function dispatch<U extends { readonly type: string }>(handlers: Handlers<U>, message: U): void {
  const handler = handlers[message.type as U['type']] as ((m: U) => void) | undefined;
  handler?.(message);
}
