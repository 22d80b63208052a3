/** The plot width the host downsamples for: sent with `ready`, then again when it changes much. */
import type { ViewSettings, WebviewToHost } from '../src/protocol';

/** A resize is worth re-downsampling for when the plot width changes by more than this fraction. */
const RESIZE_THRESHOLD = 0.1;
/** Resizes are measured this long after the last one. */
const RESIZE_DELAY_MS = 200;

/**
 * Posts `ready` with the measured width and the page's settings, then `resize` whenever `root`'s
 * resizing moves the width past the threshold. Returns the check, for when new charts are drawn.
 */
export function startWidthReports(
  root: HTMLElement,
  measure: () => number,
  settings: ViewSettings,
  post: (message: WebviewToHost) => void,
): () => void {
  let posted = measure();
  post({ type: 'ready', chartWidth: posted, settings });
  const check = (): void => {
    const width = measure();
    if (Math.abs(width - posted) > posted * RESIZE_THRESHOLD) {
      posted = width;
      post({ type: 'resize', chartWidth: width });
    }
  };
  let timer: ReturnType<typeof setTimeout> | undefined;
  new ResizeObserver(() => {
    clearTimeout(timer);
    timer = setTimeout(check, RESIZE_DELAY_MS);
  }).observe(root);
  return check;
}
