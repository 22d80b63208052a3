/** Colours and fonts for the charts, read from the `--vscode-*` variables VS Code sets on the page. */
import { color } from 'chart.js/helpers';

export interface Theme {
  readonly series: readonly string[];
  readonly foreground: string;
  readonly muted: string;
  readonly grid: string;
  /** Page background, painted under a chart saved as PNG (the canvas itself is transparent). */
  readonly background: string;
  /** Fill and border of the drag-to-zoom selection. */
  readonly selection: string;
  readonly focus: string;
  readonly fontFamily: string;
  readonly fontSize: number;
  readonly highContrast: boolean;
}

/**
 * VS Code's chart palette, in the order runs receive colours; fallbacks are its dark-theme defaults.
 * (charts.orange is minimap.findMatchHighlight unless a theme sets it: themes often make that translucent.)
 */
const SERIES_VARS: readonly (readonly [string, string])[] = [
  ['--vscode-charts-blue', '#3794ff'],
  ['--vscode-charts-red', '#f14c4c'],
  ['--vscode-charts-orange', '#d18616'],
  ['--vscode-charts-green', '#89d185'],
  ['--vscode-charts-purple', '#b180d7'],
  ['--vscode-charts-yellow', '#cca700'],
];

/** Lines and markers need at least this contrast with the card behind them (WCAG's minimum for graphics). */
const MIN_CONTRAST = 3;

type Rgb = { readonly r: number; readonly g: number; readonly b: number };

/** WCAG relative luminance. */
function luminance({ r, g, b }: Rgb): number {
  const channel = (c: number): number => {
    const s = c / 255;
    return s <= 0.04045 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
  };
  return 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b);
}

/** WCAG contrast ratio of two opaque colours, 1–21. */
function contrastRatio(a: Rgb, b: Rgb): number {
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x);
  return (hi + 0.05) / (lo + 0.05);
}

function hex({ r, g, b }: Rgb): string {
  return `#${[r, g, b].map((c) => Math.round(c).toString(16).padStart(2, '0')).join('')}`;
}

/**
 * A theme colour as a run colour: opaque (a translucent one looks dim and muddy over the card) and,
 * where it is too close to the background (orange on white), mixed towards black or white until it
 * stands out. Colours that already stand out are kept exactly.
 */
function legible(colour: string, background: string): string {
  const parsed = color(colour);
  if (!parsed.valid) return colour;
  const base: Rgb = parsed.rgb;
  const bgParsed = color(background);
  const bg: Rgb = bgParsed.valid ? bgParsed.rgb : { r: 0x1f, g: 0x1f, b: 0x1f };
  // Away from the background: darker on a light one, lighter on a dark one.
  const toward = luminance(bg) > 0.18 ? 0 : 255;
  for (let t = 0; t <= 1; t += 0.05) {
    const mixed = { r: base.r + (toward - base.r) * t, g: base.g + (toward - base.g) * t, b: base.b + (toward - base.b) * t };
    if (contrastRatio(mixed, bg) >= MIN_CONTRAST) return hex(mixed);
  }
  return hex({ r: toward, g: toward, b: toward });
}

export function readTheme(): Theme {
  const style = getComputedStyle(document.body);
  const read = (name: string, fallback: string): string => style.getPropertyValue(name).trim() || fallback;
  const fontSize = parseFloat(read('--vscode-font-size', '13px'));
  const background = read('--vscode-editor-background', '#1f1f1f');
  // Charts sit on the cards, which use the widget background where the theme has one.
  const card = read('--vscode-editorWidget-background', background);
  return {
    series: SERIES_VARS.map(([name, fallback]) => legible(read(name, fallback), card)),
    foreground: read('--vscode-editor-foreground', '#cccccc'),
    muted: read('--vscode-descriptionForeground', '#9d9d9d'),
    grid: read('--vscode-editorWidget-border', '#454545'),
    background,
    selection: read('--vscode-editor-selectionBackground', 'rgba(38, 79, 120, 0.5)'),
    focus: read('--vscode-focusBorder', '#0078d4'),
    fontFamily: read('--vscode-font-family', 'system-ui, sans-serif'),
    fontSize: Number.isFinite(fontSize) ? Math.max(10, fontSize - 1) : 12,
    highContrast: document.body.classList.contains('vscode-high-contrast'),
  };
}

/** Marker shapes cycle with colours, so runs stay distinguishable without colour vision. */
const POINT_STYLES = ['circle', 'triangle', 'rect', 'rectRot', 'crossRot', 'star'] as const;
export type PointStyle = (typeof POINT_STYLES)[number];

/**
 * Gives each run an index by first appearance across the whole view, so a run keeps its colour and
 * marker in every chart and across data updates.
 */
export class RunStyles {
  private readonly order = new Map<string, number>();

  index(run: string): number {
    let i = this.order.get(run);
    if (i === undefined) {
      i = this.order.size;
      this.order.set(run, i);
    }
    return i;
  }

  colour(run: string, theme: Theme): string {
    return theme.series[this.index(run) % theme.series.length];
  }

  pointStyle(run: string): PointStyle {
    const i = this.index(run);
    // Shift the shape once the colours wrap, so the 7th run is not a copy of the 1st.
    return POINT_STYLES[(i + Math.floor(i / SERIES_VARS.length)) % POINT_STYLES.length];
  }
}
