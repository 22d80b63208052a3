/** Colours and fonts for the charts, read from the `--vscode-*` variables VS Code sets on the page. */

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

/** VS Code's chart palette, in the order runs receive colours; fallbacks are its dark-theme defaults. */
const SERIES_VARS: readonly (readonly [string, string])[] = [
  ['--vscode-charts-blue', '#3794ff'],
  ['--vscode-charts-red', '#f14c4c'],
  ['--vscode-charts-orange', '#d18616'],
  ['--vscode-charts-green', '#89d185'],
  ['--vscode-charts-purple', '#b180d7'],
  ['--vscode-charts-yellow', '#cca700'],
];

export function readTheme(): Theme {
  const style = getComputedStyle(document.body);
  const read = (name: string, fallback: string): string => style.getPropertyValue(name).trim() || fallback;
  const fontSize = parseFloat(read('--vscode-font-size', '13px'));
  return {
    series: SERIES_VARS.map(([name, fallback]) => read(name, fallback)),
    foreground: read('--vscode-editor-foreground', '#cccccc'),
    muted: read('--vscode-descriptionForeground', '#9d9d9d'),
    grid: read('--vscode-editorWidget-border', '#454545'),
    background: read('--vscode-editor-background', '#1f1f1f'),
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
