/** The cards' chart type: Chart.js' line chart, with a faster way to the y axis' range. */

import { LineController, type Scale } from 'chart.js';
import type { Point } from './types';

declare module 'chart.js' {
  interface ChartTypeRegistry {
    /** A line chart (see CardLineController). */
    tcLine: ChartTypeRegistry['line'];
  }
}

/**
 * Chart.js' line controller, but the y axis' range over a line's points is found in one plain loop:
 * Chart.js' own calls a closure and reads each point by a computed key, which made it a tenth of every
 * update of a chart of thousands of points (and more on the first, before the code is optimised). Same
 * range: the finite y values of the points within the x axis' set bounds (all of them without).
 */
export class CardLineController extends LineController {
  static override id = 'tcLine';

  protected override getMinMax(scale: Scale, canStack?: boolean): { min: number; max: number } {
    const meta = this._cachedMeta;
    const xScale = meta.iScale;
    // Stacked lines (which cards never draw) and the x axis' own range: as Chart.js does.
    if (scale !== meta.vScale || !xScale || meta._stacked) return super.getMinMax(scale, canStack);
    // With `parsing: false`, the parsed points are the datasets' {x, y} objects (chartCard's toPoints).
    const points = meta._parsed as Point[];
    const bounds = xScale.getUserBounds();
    const left = bounds.minDefined ? bounds.min : -Infinity;
    const right = bounds.maxDefined ? bounds.max : Infinity;
    let min = Infinity;
    let max = -Infinity;
    for (let i = 0; i < points.length; i++) {
      const { x, y } = points[i]!;
      if (!Number.isFinite(y) || left > x || right < x) continue;
      if (y < min) min = y;
      if (y > max) max = y;
    }
    return { min, max };
  }
}
