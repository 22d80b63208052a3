/** What the page says in words: its status line, the note instead of charts, the banners' text. No DOM here, so plain Node tests read it. */
import { axisMetric, type SkippedSummary, type XAxis } from '../src/protocol';
import type { FilterResult } from './filter';
import { formatTick } from './format';

/** `data`: the host's last data message, undefined until the first. */
type Loaded = { readonly complete: boolean } | undefined;

/** The toolbar's status: how many charts there are and the filter shows, or why it cannot filter. */
export function statusText(filter: FilterResult, data: Loaded, shown: number, total: number): string {
  const loading = data && !data.complete ? ' — loading…' : '';
  if (!filter.ok) return `Invalid regular expression: ${filter.error}`;
  if (!data) return 'Loading…';
  if (filter.active) return `${shown} of ${total} charts${loading}`;
  return `${total} ${total === 1 ? 'chart' : 'charts'}${loading}`;
}

/** The note said where no chart is shown, or undefined while some are (or before any data). */
export function emptyText(data: Loaded, shown: number, total: number): string | undefined {
  if (data && total === 0) return data.complete ? 'No metrics in this file yet.' : 'Reading the file…';
  if (total > 0 && shown === 0) return 'No charts match the filter.';
  return undefined;
}

/** The skipped-lines banner, or undefined when nothing was skipped. */
export function skippedText(skipped: SkippedSummary): string | undefined {
  const parts: string[] = [];
  if (skipped.count > 0) {
    const listed = skipped.first.map((s) => `line ${s.line} (${s.reason})`);
    const more = skipped.count - skipped.first.length;
    if (more > 0) listed.push(`and ${more} more`);
    parts.push(`${skipped.count} ${skipped.count === 1 ? 'line' : 'lines'} skipped: ${listed.join(', ')}.`);
  }
  if (skipped.pendingLine !== undefined) {
    parts.push(`Line ${skipped.pendingLine} is incomplete — probably still being written.`);
  }
  return parts.length === 0 ? undefined : parts.join(' ');
}

/** The Reset zoom button's tooltip: the range shown, in the x axis' units. */
export function zoomTitle(range: { readonly min: number; readonly max: number }, axis: XAxis): string {
  const what = axis === 'step' ? 'steps' : (axisMetric(axis) ?? 'time');
  return `Showing ${what} ${formatTick(range.min, axis)}–${formatTick(range.max, axis)}. Double-clicking a chart resets too.`;
}
