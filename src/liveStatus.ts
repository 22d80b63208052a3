import * as vscode from 'vscode';
import { formatStep } from './core/format';
import { plainText } from './core/display';
import type { LogSource } from './logSource';

/** A log written to within this long counts as a run still training (trainers log every few seconds to minutes). */
const LIVE_WINDOW_MS = 2 * 60_000;
/** How often "written 5 s ago" is brought up to date. */
const TICK_MS = 5_000;

/** The last step logged in `file`, over all its runs and metrics. */
function lastStep(file: LogSource): number | undefined {
  let last: number | undefined;
  for (const run of file.parser.runs.values()) {
    for (const col of run.metrics.values()) {
      if (col.length === 0) continue;
      const step = col.steps[col.length - 1]!;
      if (last === undefined || step > last) last = step;
    }
  }
  return last;
}

function fileName(file: LogSource): string {
  return file.uri.path.slice(file.uri.path.lastIndexOf('/') + 1);
}

function ago(ms: number): string {
  const s = Math.max(0, Math.round(ms / 1000));
  return s < 60 ? vscode.l10n.t('written {0} s ago', s) : vscode.l10n.t('written {0} min ago', Math.floor(s / 60));
}

/**
 * The status bar item that says the active view's run is live: one of its logs was written to while
 * open, recently. It names the run and the last step, and says when the log was last written.
 */
export class LiveStatus implements vscode.Disposable {
  private readonly item = vscode.window.createStatusBarItem('trainingCurves.live', vscode.StatusBarAlignment.Left, 100);
  private shown: readonly LogSource[] | undefined;
  private listeners: vscode.Disposable[] = [];
  private timer: ReturnType<typeof setInterval> | undefined;

  constructor() {
    this.item.name = vscode.l10n.t('Training Curves: Live Run');
  }

  /** Shows the status of `files`, the logs of the view now active, until `hide(files)`. */
  show(files: readonly LogSource[]): void {
    this.stop();
    this.shown = files;
    this.listeners = files.map((f) => f.onDidChange(() => this.update()));
    this.timer = setInterval(() => this.update(), TICK_MS);
    this.update();
  }

  /** Hides the item if it shows `files` (another view may have become active since). */
  hide(files: readonly LogSource[]): void {
    if (this.shown !== files) return;
    this.stop();
    this.item.hide();
  }

  private stop(): void {
    this.shown = undefined;
    for (const l of this.listeners) l.dispose();
    this.listeners = [];
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
  }

  private update(): void {
    const now = Date.now();
    const live = (this.shown ?? []).filter((f) => f.updatedAt !== undefined && now - f.updatedAt < LIVE_WINDOW_MS);
    if (live.length === 0) {
      this.item.hide();
      return;
    }
    // File names are values (neutralised by plainText); the sentences around them are translated whole.
    const described = live.map((f) => {
      const step = lastStep(f);
      const name = plainText(fileName(f));
      const written = ago(now - (f.updatedAt ?? now));
      return {
        name,
        step: step === undefined ? undefined : formatStep(step),
        line:
          step === undefined
            ? vscode.l10n.t('{0}: {1}', name, written)
            : vscode.l10n.t('{0}: step {1}, {2}', name, formatStep(step), written),
      };
    });
    const [first] = described;
    // The codicon stays outside the translated text: a translation cannot drop or misspell it.
    this.item.text = `$(pulse) ${
      live.length === 1 && first
        ? first.step === undefined
          ? vscode.l10n.t('Live: {0}', first.name)
          : vscode.l10n.t('Live: {0} · step {1}', first.name, first.step)
        : vscode.l10n.t('Live: {0} logs', live.length)
    }`;
    const lines = described.map((d) => d.line);
    this.item.tooltip = vscode.l10n.t('Being written while open:\n{0}', lines.join('\n'));
    this.item.accessibilityInformation = { label: vscode.l10n.t('Live training run: {0}', lines.join('; ')) };
    this.item.show();
  }

  dispose(): void {
    this.stop();
    this.item.dispose();
  }
}
