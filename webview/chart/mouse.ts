/** A card's mouse: hover follows the pointer, a click opens the log at the point, a double-click resets the zoom. */

import type { Hover } from './hover';
import { snapStep } from './math';
import { DRAG_THRESHOLD } from './options';
import type { CardView } from './types';

/** A click waits this long for a second one, so a double-click (which resets the zoom) does not also open the log. */
const REVEAL_DELAY_MS = 300;

/** Listens to the card's canvas; returns what cancels a click's pending log opening (for a card going away). */
export function listenMouse(card: CardView, hover: Hover): () => void {
  const { canvas, ctx } = card;
  /** Where the mouse button went down, to tell a click from a drag. */
  let pressedAt: { x: number; y: number } | undefined;
  let revealTimer: ReturnType<typeof setTimeout> | undefined;
  canvas.addEventListener('mousemove', (e) => {
    const step = stepAt(card, e);
    if (step === undefined) hover.clear();
    // Same step as before: only the tooltip follows the pointer, the canvas needs no redraw.
    else if (step === hover.step && hover.owned && !hover.byKey) ctx.tooltip.place(e.clientX, e.clientY);
    else {
      hover.byKey = false;
      hover.show(step, false, e.clientX, e.clientY);
    }
  });
  canvas.addEventListener('mouseleave', () => hover.clear());
  canvas.addEventListener('dblclick', () => ctx.setRange(undefined));
  canvas.addEventListener('mousedown', (e) => (pressedAt = { x: e.clientX, y: e.clientY }));
  canvas.addEventListener('click', (e) => {
    clearTimeout(revealTimer);
    const from = pressedAt;
    pressedAt = undefined;
    // A drag (zoom), shift (pan), the second click of a double-click or a click off the plot (the legend) opens nothing.
    const moved = !from || Math.hypot(e.clientX - from.x, e.clientY - from.y) >= DRAG_THRESHOLD;
    if (moved || e.shiftKey || e.detail > 1 || !inPlot(card, e)) return;
    const step = stepAt(card, e);
    const target = step === undefined ? undefined : hover.revealTarget(step, pointer(card, e));
    if (target) revealTimer = setTimeout(() => ctx.revealLine(target.run, target.step), REVEAL_DELAY_MS);
  });
  return () => clearTimeout(revealTimer);
}

/** The pointer's position on the canvas, in CSS px. */
function pointer(card: CardView, e: MouseEvent): { x: number; y: number } {
  const rect = card.canvas.getBoundingClientRect();
  return { x: e.clientX - rect.left, y: e.clientY - rect.top };
}

/** The data step the hover shows for the pointer: the nearest any visible series has; undefined left or right of the plot area. */
function stepAt(card: CardView, e: MouseEvent): number | undefined {
  const area = card.chart.chartArea;
  const { x } = pointer(card, e);
  if (!area || x < area.left - 4 || x > area.right + 4) return undefined;
  return snapStep(
    card.visibleSeries().map((v) => v.series.x),
    // Every chart has an x scale (chartScales).
    card.chart.scales.x!.getValueForPixel(x) ?? NaN,
  );
}

/** Whether the pointer is level with the plot area, not on the legend above it or the ticks below. */
function inPlot(card: CardView, e: MouseEvent): boolean {
  const area = card.chart.chartArea;
  const { y } = pointer(card, e);
  return area !== undefined && y >= area.top - 4 && y <= area.bottom + 4;
}
