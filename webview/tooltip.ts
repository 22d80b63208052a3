/** The one hover tooltip of the page: plain DOM (so screen readers and tests can read it), kept in the viewport. */

export interface TooltipRow {
  readonly label: string;
  readonly colour: string;
  readonly value: string;
  /** Set when the series has no point at the hovered step and the value is from its nearest step. */
  readonly note?: string;
  /** With smoothing: the raw value, shown after the smoothed one. */
  readonly raw?: string;
}

export class Tooltip {
  readonly element: HTMLDivElement;
  private readonly live: HTMLElement;
  /** The chart the tooltip currently shows, so one chart's mouseleave does not hide another's tooltip. */
  owner: unknown;

  constructor(parent: HTMLElement, live: HTMLElement) {
    this.element = document.createElement('div');
    this.element.className = 'tc-tooltip';
    this.element.setAttribute('role', 'tooltip');
    this.element.id = 'tc-tooltip';
    this.element.hidden = true;
    parent.appendChild(this.element);
    this.live = live;
  }

  /**
   * Shows `heading` and `rows` next to the point (clientX, clientY), and `hint` (what a click does) muted
   * below them. `announce` also puts the heading and rows in the polite live region: for keyboard moves,
   * not for every mouse move.
   */
  show(
    owner: unknown,
    heading: string,
    rows: readonly TooltipRow[],
    clientX: number,
    clientY: number,
    announce: boolean,
    hint?: string,
  ): void {
    this.owner = owner;
    const el = this.element;
    const title = document.createElement('div');
    title.className = 'tc-tooltip-title';
    title.textContent = heading;
    const list = document.createElement('div');
    const withRaw = rows.some((r) => r.raw !== undefined);
    list.className = withRaw ? 'tc-tooltip-rows tc-with-raw' : 'tc-tooltip-rows';
    for (const row of rows) {
      const swatch = document.createElement('span');
      swatch.className = 'tc-swatch';
      swatch.style.backgroundColor = row.colour;
      const label = document.createElement('span');
      label.className = 'tc-tooltip-label';
      label.textContent = row.label;
      const value = document.createElement('span');
      value.className = 'tc-tooltip-value';
      value.textContent = row.value;
      if (row.note) {
        const note = document.createElement('span');
        note.className = 'tc-tooltip-note';
        note.textContent = ` ${row.note}`;
        value.appendChild(note);
      }
      list.append(swatch, label, value);
      if (withRaw) {
        const raw = document.createElement('span');
        raw.className = 'tc-tooltip-raw';
        raw.textContent = row.raw === undefined ? '' : `raw ${row.raw}`;
        list.appendChild(raw);
      }
    }
    el.replaceChildren(title, list);
    if (hint) {
      const line = document.createElement('div');
      line.className = 'tc-tooltip-hint';
      line.textContent = hint;
      el.appendChild(line);
    }
    el.hidden = false;
    this.place(clientX, clientY);
    if (announce) {
      this.live.textContent = `${heading}. ${rows.map((r) => `${r.label} ${r.value}${r.note ? ` ${r.note}` : ''}${r.raw !== undefined ? ` (raw ${r.raw})` : ''}`).join(', ')}`;
    }
  }

  hide(): void {
    this.owner = undefined;
    this.element.hidden = true;
  }

  /** Right of and below the pointer, flipped to the other side where it would leave the viewport. */
  place(clientX: number, clientY: number): void {
    const el = this.element;
    const gap = 12;
    const { offsetWidth: w, offsetHeight: h } = el;
    const vw = document.documentElement.clientWidth;
    const vh = document.documentElement.clientHeight;
    let left = clientX + gap;
    if (left + w > vw - 4) left = clientX - gap - w;
    let top = clientY + gap;
    if (top + h > vh - 4) top = clientY - gap - h;
    el.style.left = `${Math.max(4, left)}px`;
    el.style.top = `${Math.max(4, top)}px`;
  }
}
