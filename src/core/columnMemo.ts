/** What a view derives from its logs' columns and keeps across zooms: see ColumnMemo. */
import { Pyramid } from './pyramid';
import type { SeriesColumns } from './types';

/**
 * What a view derives from its full-resolution columns (smoothed values; last, best and threshold
 * points; min/max summaries), kept while the data stays the same, so that a zoom or a resize only
 * downsamples again. Keyed by the column (or its values array): make a new memo whenever the data
 * changes. When the logs' columns only grew, `appended()` gives the new memo: it keeps the summaries
 * and extends them by the new points.
 */
export class ColumnMemo {
  private readonly byColumn = new WeakMap<object, Map<string, unknown>>();
  /** Values computed rather than found: how a test sees that the memo is used. */
  computed = 0;

  /** The summaries this memo has checked against the columns (the others came from before an append). */
  private readonly checked = new WeakSet<Pyramid>();

  /** `pyramids`: the summaries by column, shared with the memo before an append (see appended). */
  constructor(private readonly pyramids = new WeakMap<object, Pyramid>()) {}

  get<T>(column: object, key: string, compute: () => T): T {
    let entries = this.byColumn.get(column);
    if (!entries) this.byColumn.set(column, (entries = new Map<string, unknown>()));
    if (entries.has(key)) return entries.get(key) as T;
    const value = compute();
    this.computed++;
    entries.set(key, value);
    // Dragging the smoothing slider asks for a copy per weight: keep the newest few, not every one.
    if (entries.size > MEMO_PER_COLUMN) entries.delete(entries.keys().next().value!);
    return value;
  }

  /**
   * The value of `slot` for `column` if it was computed for `version`; otherwise computed, and kept in
   * the place of the slot's last one: for what a view asks for one way at a time (its x axis).
   */
  latest<T>(column: object, slot: string, version: string, compute: () => T): T {
    let entries = this.byColumn.get(column);
    if (!entries) this.byColumn.set(column, (entries = new Map<string, unknown>()));
    const kept = entries.get(slot) as { version: string; value: T } | undefined;
    if (kept?.version === version) return kept.value;
    const value = compute();
    this.computed++;
    entries.set(slot, { version, value });
    return value;
  }

  /** The min/max summary of `col` (see Pyramid), built on first need. */
  pyramid(col: SeriesColumns): Pyramid {
    let pyramid = this.pyramids.get(col);
    if (pyramid && !this.checked.has(pyramid)) {
      // From the memo before an append (see appended): fold in the new points and the last one's value.
      if (pyramid.length <= col.length) pyramid.extend(col);
      else pyramid = undefined;
    }
    if (!pyramid) {
      pyramid = new Pyramid(col);
      this.computed++;
      this.pyramids.set(col, pyramid);
    }
    this.checked.add(pyramid);
    return pyramid;
  }

  /**
   * The memo for the same columns after points were only appended to them (each column's points
   * unchanged but for its last one's value, which a step logged again replaces; a column's arrays may
   * have been replaced by larger copies): summaries are extended rather than built again; everything
   * else is derived afresh. Not after a column lost points (a restart from an earlier step).
   */
  appended(): ColumnMemo {
    return new ColumnMemo(this.pyramids);
  }
}

/** Values kept per column (smoothed copies, marks): enough for the settings a user moves between. */
const MEMO_PER_COLUMN = 8;
