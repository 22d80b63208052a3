/** A card's keys: arrows, Home and End move the hover through the steps, Enter opens the log there, Escape ends it. */

import type { Hover } from './hover';
import { keyStep } from './math';
import type { CardView } from './types';

/** The keys the card handles, for its aria-keyshortcuts. */
export const CARD_KEYS = 'ArrowLeft ArrowRight Home End Enter Escape';

export function listenKeys(card: CardView, hover: Hover): void {
  const { element, ctx } = card;
  element.addEventListener('keydown', (e) => {
    const step = keyStep(
      e.key,
      card.visibleSeries().map((v) => v.series.x),
      hover.step,
    );
    if (e.key === 'Escape') {
      hover.end();
    } else if (step !== undefined) {
      e.preventDefault();
      hover.byKey = true;
      hover.show(step, true);
    } else if (e.key === 'Enter' && e.target === element && hover.step !== undefined && hover.owned) {
      // Not on the card's buttons, which Enter presses.
      const target = hover.revealTarget(hover.step);
      if (!target) return;
      e.preventDefault();
      ctx.revealLine(target.run, target.step);
    }
  });
  element.addEventListener('blur', () => hover.clear());
}
