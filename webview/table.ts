import type { ChartPayload } from '../src/protocol';
import { formatStep, formatValue } from './format';

/** Rows beyond this are not rendered: a table of 10,000 rows makes the page sluggish and nobody reads it. */
const TABLE_ROW_CAP = 500;

/**
 * The chart's shipped points as a table: one row per step in any series (merged in order), one column
 * per series; an empty cell where a series has no point at that step, "—" where it has a gap.
 */
export function buildTable(chart: ChartPayload): HTMLElement {
  const wrap = document.createElement('div');
  wrap.className = 'tc-table-wrap';
  const table = document.createElement('table');
  table.className = 'tc-table';
  const caption = document.createElement('caption');
  caption.textContent = chart.id;
  const head = document.createElement('tr');
  for (const name of ['Step', ...chart.series.map((s) => s.label)]) {
    const th = document.createElement('th');
    th.scope = 'col';
    th.textContent = name;
    head.appendChild(th);
  }
  const thead = document.createElement('thead');
  thead.appendChild(head);
  const tbody = document.createElement('tbody');

  const cursors = chart.series.map(() => 0);
  let rows = 0;
  let remaining = 0;
  for (;;) {
    let step = Infinity;
    // cursors has an entry for each series; y has a value at each x.
    chart.series.forEach((s, k) => {
      const i = cursors[k]!;
      if (i < s.x.length) step = Math.min(step, s.x[i]!);
    });
    if (step === Infinity) break;
    const cells: string[] = [];
    chart.series.forEach((s, k) => {
      const i = cursors[k]!;
      if (i < s.x.length && s.x[i] === step) {
        cells.push(formatValue(s.y[i]!));
        cursors[k] = i + 1;
      } else {
        cells.push('');
      }
    });
    if (rows === TABLE_ROW_CAP) {
      remaining++;
      continue;
    }
    rows++;
    const tr = document.createElement('tr');
    const th = document.createElement('th');
    th.scope = 'row';
    th.textContent = formatStep(step);
    tr.appendChild(th);
    for (const text of cells) {
      const td = document.createElement('td');
      td.textContent = text;
      tr.appendChild(td);
    }
    tbody.appendChild(tr);
  }
  table.append(caption, thead, tbody);
  wrap.appendChild(table);

  const notes: string[] = [];
  if (remaining > 0) notes.push(`Showing the first ${TABLE_ROW_CAP} of ${TABLE_ROW_CAP + remaining} rows.`);
  const sampled = chart.series.filter((s) => s.total > s.x.length);
  if (sampled.length > 0) {
    notes.push(
      `Sampled for display: ${sampled.map((s) => `${s.label} ${s.x.length} of ${s.total} points`).join(', ')}.`,
    );
  }
  if (notes.length > 0) {
    const note = document.createElement('p');
    note.className = 'tc-note';
    note.textContent = notes.join(' ');
    wrap.appendChild(note);
  }
  return wrap;
}
