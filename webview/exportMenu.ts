/**
 * The toolbar's Export menu: a button that shows a short list of actions (a disclosure: Tab moves through
 * them, Escape closes it and gives the focus back to the button, a click elsewhere closes it).
 */
import { button, el } from './dom';

export interface MenuItem {
  readonly text: string;
  readonly title: string;
  readonly run: () => void;
}

export function createExportMenu(items: readonly MenuItem[]): HTMLElement {
  const wrap = el('span', 'tc-menu-wrap');
  const opener = button('tc-toggle', 'Export ▾');
  opener.title = 'Export the charts as drawn (SVG), or the whole view as an HTML report';
  opener.setAttribute('aria-expanded', 'false');
  opener.setAttribute('aria-controls', 'tc-export-menu');
  const list = el('div', 'tc-menu');
  list.id = 'tc-export-menu';
  list.setAttribute('role', 'group');
  list.setAttribute('aria-label', 'Export');
  list.hidden = true;
  const setOpen = (open: boolean): void => {
    list.hidden = !open;
    opener.setAttribute('aria-expanded', String(open));
  };
  for (const item of items) {
    const entry = button('tc-menu-item', item.text);
    entry.title = item.title;
    entry.addEventListener('click', () => {
      setOpen(false);
      opener.focus();
      item.run();
    });
    list.appendChild(entry);
  }
  opener.addEventListener('click', () => {
    setOpen(list.hidden);
    if (!list.hidden) list.querySelector('button')?.focus();
  });
  wrap.addEventListener('keydown', (e) => {
    if (e.key !== 'Escape' || list.hidden) return;
    e.stopPropagation();
    setOpen(false);
    opener.focus();
  });
  document.addEventListener('click', (e) => {
    if (!list.hidden && !wrap.contains(e.target as Node)) setOpen(false);
  });
  wrap.addEventListener('focusout', (e) => {
    if (!list.hidden && !wrap.contains(e.relatedTarget as Node | null) && e.relatedTarget !== null) setOpen(false);
  });
  wrap.append(opener, list);
  return wrap;
}
