/**
 * What the methods panel asks the host and what it gets back (see methodsView.ts, which computes it): plain
 * types and bounds, with no imports, so the webview and the protocol can use them without the view model.
 */
import type { Goal } from './summary';

/** What the webview asks the panel for: a metric (absent: the view's first benchmark metric), k, a threshold. */
export interface MethodsAsk {
  readonly metric?: string;
  /** How many last values `final` averages. */
  readonly k: number;
  readonly threshold?: number;
}

export const DEFAULT_K = 3;
/** More last values than any log has evaluations; a bound for what the webview may ask. */
export const MAX_K = 1000;

/** A statistic of a method as shown: `mean ± std` (empty where no seed has it), bold when best in its column. */
export interface MethodCell {
  readonly text: string;
  readonly best: boolean;
}

export interface MethodRow {
  readonly name: string;
  /** The runs of the method, and how many of them have a value of the metric. */
  readonly members: readonly string[];
  readonly seeds: number;
  /** One per column of MethodsView.columns. */
  readonly cells: readonly MethodCell[];
}

/** A statistic of A − B as shown: the difference, and its 95% interval or why there is none. */
export interface PairCell {
  readonly difference: string;
  /** Its ends, signed, to the difference's decimals. */
  readonly interval?: { readonly low: string; readonly high: string };
  readonly noInterval?: string;
  readonly excludesZero: boolean;
}

export interface PairRow {
  readonly a: string;
  readonly b: string;
  readonly cells: readonly PairCell[];
  /** "Steps to reach B's best": `A's step vs B's (ratio)`. */
  readonly reach: string;
}

/** What the methods panel shows (MethodsMessage.view). */
export interface MethodsView {
  /** The metrics that can be compared, in the charts' order. */
  readonly metrics: readonly string[];
  /** The metric compared; absent when the view has none. */
  readonly metric?: string;
  /** How the sentences and tables name it (`MATH500` for a benchmark's only metric in the view). */
  readonly label: string;
  readonly goal: Goal;
  readonly k: number;
  readonly threshold?: number;
  /** The common step range of the AUC and of the mean curves. */
  readonly range?: { readonly from: number; readonly to: number };
  /** The statistics' column headers (the method's name and seeds come first). */
  readonly columns: readonly string[];
  readonly methods: readonly MethodRow[];
  readonly pairs: readonly PairRow[];
  readonly sentences: readonly string[];
  /** What the user should know: why there is nothing to compare, or no interval. */
  readonly notes: readonly string[];
  /** The method table and the pair table, each in both syntaxes. */
  readonly latex: string;
  readonly markdown: string;
}
