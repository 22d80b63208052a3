// Reading a chart's canvas: pixels of a colour (markers, lines and legend are drawn in the series'
// colours), and the colour maths the tests judge them by.

/** The top of a canvas where Chart.js puts the legend, above the plot area (CSS px). */
export const LEGEND_BAND = 18;

/**
 * Pixels of the canvas with exactly this opaque colour (marker interiors are drawn in the series colour),
 * in the whole canvas or only its top `topCss` CSS pixels (where the legend sits, above the plot area).
 */
export function countColour(canvas, hex, topCss) {
  return canvas.evaluate(
    (c, [hex, topCss]) => {
      const want = [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16));
      const height = topCss ? Math.round(topCss * devicePixelRatio) : c.height;
      const { data } = c.getContext('2d').getImageData(0, 0, c.width, height);
      let n = 0;
      for (let i = 0; i < data.length; i += 4) {
        if (data[i] === want[0] && data[i + 1] === want[1] && data[i + 2] === want[2] && data[i + 3] === 255) n++;
      }
      return n;
    },
    [hex, topCss],
  );
}

/** Pixels within `tolerance` of this colour (text is anti-aliased) in a vertical strip of the canvas, in CSS px from its left. */
export function countNear(canvas, hex, fromCss, toCss, tolerance = 40) {
  return canvas.evaluate(
    (c, [hex, fromCss, toCss, tolerance]) => {
      const want = [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16));
      const from = Math.round(Math.max(0, fromCss) * devicePixelRatio);
      const to = Math.round(Math.min(c.width / devicePixelRatio, toCss) * devicePixelRatio);
      const { data } = c.getContext('2d').getImageData(from, 0, to - from, c.height);
      let n = 0;
      for (let i = 0; i < data.length; i += 4) {
        if (data[i + 3] > 200 && want.every((v, k) => Math.abs(data[i + k] - v) <= tolerance)) n++;
      }
      return n;
    },
    [hex, fromCss, toCss, tolerance],
  );
}

/** Translucent pixels of this colour (a seed group's band: the canvas is transparent under the fill). */
export function countTranslucent(canvas, hex) {
  return canvas.evaluate((c, hex) => {
    const want = [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16));
    const { data } = c.getContext('2d').getImageData(0, 0, c.width, c.height);
    let n = 0;
    for (let i = 0; i < data.length; i += 4) {
      if (data[i + 3] > 30 && data[i + 3] < 70 && want.every((v, k) => Math.abs(data[i + k] - v) <= 3)) n++;
    }
    return n;
  }, hex);
}

/** Share of this colour's pixels that lie in the lower half of the canvas (where small values are drawn). */
export function lowerShare(canvas, hex) {
  return canvas.evaluate((c, hex) => {
    const want = [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16));
    const { data, width, height } = c.getContext('2d').getImageData(0, 0, c.width, c.height);
    let all = 0;
    let low = 0;
    for (let i = 0; i < data.length; i += 4) {
      if (data[i] === want[0] && data[i + 1] === want[1] && data[i + 2] === want[2] && data[i + 3] === 255) {
        all++;
        if (Math.floor(i / 4 / width) > height / 2) low++;
      }
    }
    return low / all;
  }, hex);
}

/** The centre (CSS px from the canvas' corner) of this colour's opaque pixels in its top `topCss` pixels, if any. */
export function centreOf(canvas, hex, topCss) {
  return canvas.evaluate(
    (c, [hex, topCss]) => {
      const want = [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16));
      const { data, width } = c.getContext('2d').getImageData(0, 0, c.width, Math.round(topCss * devicePixelRatio));
      let sx = 0;
      let sy = 0;
      let n = 0;
      for (let i = 0; i < data.length; i += 4) {
        if (want.every((v, k) => data[i + k] === v) && data[i + 3] === 255) {
          sx += (i / 4) % width;
          sy += Math.floor(i / 4 / width);
          n++;
        }
      }
      return n > 0 ? { x: sx / n / devicePixelRatio, y: sy / n / devicePixelRatio } : undefined;
    },
    [hex, topCss],
  );
}

/** The canvas' pixels as a data URL, to tell whether a chart was drawn differently. */
export function pixels(canvas) {
  return canvas.evaluate((c) => c.toDataURL());
}

/** A CSS colour as the page computed it (rgb(…)) in #rrggbb, to find its pixels. */
export function hexOf(css) {
  const [r, g, b] = css.match(/\d+/g).map(Number);
  return `#${[r, g, b].map((c) => c.toString(16).padStart(2, '0')).join('')}`;
}

/** WCAG contrast ratio of two #rrggbb colours: the test's own oracle for "stands out from the card". */
export function contrast(a, b) {
  const lum = (hex) => {
    const [r, g, b] = [1, 3, 5]
      .map((i) => parseInt(hex.slice(i, i + 2), 16) / 255)
      .map((c) => (c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4));
    return 0.2126 * r + 0.7152 * g + 0.0722 * b;
  };
  const [hi, lo] = [lum(a), lum(b)].sort((x, y) => y - x);
  return (hi + 0.05) / (lo + 0.05);
}
