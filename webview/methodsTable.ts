/** The methods panel's content: its two tables and its sentences, drawn from the host's MethodsView. */
import type { MethodsView } from '../src/protocol';
import { el } from './dom';

function headerRow(headers: readonly string[]): HTMLTableSectionElement {
  const thead = document.createElement('thead');
  const tr = document.createElement('tr');
  headers.forEach((text, i) => {
    const th = el('th', i === 0 ? 'tc-text' : '', text);
    th.scope = 'col';
    tr.appendChild(th);
  });
  thead.appendChild(tr);
  return thead;
}

function table(caption: string, headers: readonly string[], rows: readonly HTMLTableRowElement[]): HTMLTableElement {
  const t = el('table', 'tc-table tc-methods-table');
  const c = document.createElement('caption');
  c.textContent = caption;
  const tbody = document.createElement('tbody');
  tbody.append(...rows);
  t.append(c, headerRow(headers), tbody);
  return t;
}

/** A row whose first cell is a header for the row. */
function row(name: string, title?: string): HTMLTableRowElement {
  const tr = document.createElement('tr');
  const th = el('th', 'tc-text', name);
  th.scope = 'row';
  if (title) th.title = title;
  tr.appendChild(th);
  return tr;
}

/** Per method: seeds, and each statistic's mean ± std over them; the best of a column in bold. */
export function methodTable(view: MethodsView): HTMLTableElement {
  const better = view.goal === 'min' ? 'lower' : 'higher';
  const rows = view.methods.map((m) => {
    const tr = row(m.name, `Runs: ${m.members.join(', ')}`);
    tr.appendChild(el('td', '', String(m.seeds)));
    for (const cell of m.cells) {
      const td = el('td', '');
      if (cell.best) {
        td.appendChild(el('strong', '', cell.text));
        td.title = 'Best of this column';
      } else td.textContent = cell.text;
      tr.appendChild(td);
    }
    return tr;
  });
  return table(
    `Each method on ${view.label} (${better} is better): mean ± std over its seeds; best of each column in bold`,
    ['Method', 'Seeds', ...view.columns],
    rows,
  );
}

/** Per pair: A − B of each statistic with its 95% interval, marked where the interval excludes 0. */
export function pairTable(view: MethodsView): HTMLTableElement {
  const rows = view.pairs.map((p) => {
    const tr = row(`${p.a} vs ${p.b}`);
    for (const cell of p.cells) {
      const td = el('td', cell.excludesZero ? 'tc-excludes-zero' : '');
      td.appendChild(el('span', 'tc-difference', cell.difference));
      if (cell.excludesZero) {
        const mark = el('span', 'tc-mark', '*');
        mark.title = 'The 95% interval excludes 0';
        mark.setAttribute('aria-label', 'the interval excludes 0');
        td.append(' ', mark);
      }
      // On a line of its own under the difference (a block), read after it.
      if (cell.interval) td.append(' ', el('span', 'tc-ci', `95% CI ${cell.interval.low} to ${cell.interval.high}`));
      else if (cell.noInterval) {
        const none = el('span', 'tc-ci', 'no interval');
        none.title = cell.noInterval;
        td.append(' ', none);
      }
      tr.appendChild(td);
    }
    tr.appendChild(el('td', '', p.reach));
    return tr;
  });
  return table(
    `Each pair on ${view.label}: A − B of the means over seeds, with the 95% bootstrap interval over seeds; * the interval excludes 0`,
    ['A vs B', ...view.columns, 'Steps to B’s best'],
    rows,
  );
}

/** The sentences, as paragraphs a user can select and copy. */
export function sentenceList(view: MethodsView): HTMLElement {
  const box = el('div', 'tc-sentences');
  box.append(el('h3', 'tc-methods-subtitle', 'In words'), ...view.sentences.map((s) => el('p', '', s)));
  return box;
}

/** What the panel shows of a view: its notes, then the tables and sentences there are. */
export function methodsContent(view: MethodsView): HTMLElement[] {
  const parts: HTMLElement[] = view.notes.map((n) => el('p', 'tc-note', n));
  if (view.methods.length > 0) parts.push(methodTable(view));
  if (view.pairs.length > 0) parts.push(pairTable(view));
  if (view.sentences.length > 0) parts.push(sentenceList(view));
  return parts;
}
