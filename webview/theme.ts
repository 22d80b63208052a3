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

/**
 * Beyond the six base colours, mixes of neighbouring ones fill the gaps in hue between them (teal,
 * magenta, lime, indigo), by index into SERIES_VARS.
 */
const MIXES: readonly (readonly [number, number])[] = [
  [0, 3],
  [1, 4],
  [3, 5],
  [4, 0],
];
/** Then each base colour once more, this far towards black on a light card or white on a dark one. */
const SHADE = 0.35;

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
  const la = luminance(a);
  const lb = luminance(b);
  return (Math.max(la, lb) + 0.05) / (Math.min(la, lb) + 0.05);
}

function hex({ r, g, b }: Rgb): string {
  return `#${[r, g, b].map((c) => Math.round(c).toString(16).padStart(2, '0')).join('')}`;
}

/** A CSS colour's opaque RGB (a translucent one looks dim and muddy over the card), or the fallback's. */
function opaque(colour: string, fallback: string): Rgb {
  const parsed = color(colour);
  return parsed.valid ? parsed.rgb : color(fallback).rgb;
}

function mix(a: Rgb, b: Rgb, t: number): Rgb {
  return { r: a.r + (b.r - a.r) * t, g: a.g + (b.g - a.g) * t, b: a.b + (b.b - a.b) * t };
}

/** Black on a light background, white on a dark one: the way colours move to stand out from it. */
function awayFrom(bg: Rgb): Rgb {
  const c = luminance(bg) > 0.18 ? 0 : 255;
  return { r: c, g: c, b: c };
}

/**
 * A run colour where it is too close to the background (orange on white): mixed towards black or white
 * until it stands out. Colours that already stand out are kept exactly.
 */
function legible(base: Rgb, bg: Rgb): string {
  const toward = awayFrom(bg);
  for (let t = 0; t <= 1; t += 0.05) {
    const mixed = mix(base, toward, t);
    if (contrastRatio(mixed, bg) >= MIN_CONTRAST) return hex(mixed);
  }
  return hex(toward);
}

/** The run colours: the theme's six, their mixes, then the six shaded; each made to stand out from `card`. */
function palette(base: readonly Rgb[], card: Rgb): string[] {
  // `base` has a colour for each of SERIES_VARS, which MIXES index.
  const mixes = MIXES.map(([i, j]) => mix(base[i]!, base[j]!, 0.5));
  const shaded = base.map((c) => mix(c, awayFrom(card), SHADE));
  return [...base, ...mixes, ...shaded].map((c) => legible(c, card));
}

export function readTheme(): Theme {
  const style = getComputedStyle(document.body);
  const read = (name: string, fallback: string): string => style.getPropertyValue(name).trim() || fallback;
  const fontSize = parseFloat(read('--vscode-font-size', '13px'));
  const background = read('--vscode-editor-background', '#1f1f1f');
  // Charts sit on the cards, which use the widget background where the theme has one.
  const card = read('--vscode-editorWidget-background', background);
  return {
    series: palette(
      SERIES_VARS.map(([name, fallback]) => opaque(read(name, fallback), fallback)),
      opaque(card, '#1f1f1f'),
    ),
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
    // The palette is never empty.
    return theme.series[this.index(run) % theme.series.length]!;
  }

  /** With 16 colours and 6 shapes, no two of the first 48 runs share both. */
  pointStyle(run: string): PointStyle {
    return POINT_STYLES[this.index(run) % POINT_STYLES.length]!;
  }
}
