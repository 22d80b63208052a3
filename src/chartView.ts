import * as vscode from 'vscode';
import { axisMetric, dispatch, type Handlers, type HostToWebview, type ViewSettings, type WebviewToHost } from './protocol';
import { buildCharts, ColumnMemo, dataCsv, DEFAULT_SETTINGS, runsOfParser, seedGroups, shownCsv, skippedSummary, xMetricChoices, type RunColumns } from './charts';
import { dualAxisChoices } from './core/pairs';
import { lineOfStep } from './core/jsonl';
import { distinctLabels, isDeletedRun, logLocation } from './core/formats';
import { plainText } from './core/display';
import type { LogSource } from './logSource';
import type { LogRegistry } from './logRegistry';
import type { LiveStatus } from './liveStatus';
import type { ComparisonStore } from './comparisonStore';
import { webviewHtml, webviewOptions } from './webviewHtml';
import { webviewMessageGate } from './messages';
import { benchmarkPatterns, showDeletedMlflowRuns } from './settings';

/** Chart width assumed until the webview reports its own. */
const DEFAULT_CHART_WIDTH = 400;
/** Live appends arrive in bursts; redraw at most this often. */
const UPDATE_DELAY_MS = 100;

/** What every chart view needs from the extension. */
export interface ViewServices {
  /** Where the webview's script and styles are. */
  readonly extensionUri: vscode.Uri;
  /** The logs, read once and shared by all views. */
  readonly registry: LogRegistry;
  /** The status bar item telling the active view's run is live. */
  readonly live: LiveStatus;
  /** What comparison panels show, kept on the host for restoring them after a reload. */
  readonly comparisons: ComparisonStore;
  /** Output › Training Curves: where dropped webview messages are told. */
  readonly log: vscode.LogOutputChannel;
}

export interface ChartViewOptions {
  /** Show only these metrics (a benchmark's, or one); every metric when absent. */
  readonly metrics?: readonly string[];
  /** Handed back by the webview after a window reload (see DataMessage.restore). */
  readonly restore?: unknown;
  /**
   * The view's title from its runs' labels, once read (a folder run's name comes from its content, e.g. an
   * MLflow runName); the title given is kept while it gives undefined.
   */
  readonly titleOf?: (labels: readonly string[]) => string | undefined;
}

/**
 * Shows the charts of one or more logs in a webview and keeps them current as the logs change.
 * The single-log editor and the comparison panel are both this view over different sets of files.
 */
export class ChartView implements vscode.Disposable {
  private chartWidth = DEFAULT_CHART_WIDTH;
  private settings: ViewSettings = DEFAULT_SETTINGS;
  private ready = false;
  private pending: ReturnType<typeof setTimeout> | undefined;
  /** Derived from the logs' data as it is now: renewed when a log changes, kept across zooms and resizes. */
  private memo = new ColumnMemo();
  private readonly disposables: vscode.Disposable[] = [];

  private readonly webview: vscode.Webview;

  constructor(
    private readonly panel: vscode.WebviewPanel,
    private readonly services: ViewServices,
    private title: string,
    private readonly files: readonly LogSource[],
    private readonly options: ChartViewOptions = {},
  ) {
    const { webview } = panel;
    this.webview = webview;
    webview.options = webviewOptions(services.extensionUri);
    webview.html = webviewHtml(webview, services.extensionUri, title);
    const handlers: Handlers<WebviewToHost> = {
      ready: (m) => {
        this.ready = true;
        this.chartWidth = m.chartWidth;
        this.settings = m.settings;
        this.post();
      },
      resize: (m) => {
        this.chartWidth = m.chartWidth;
        this.post();
      },
      settings: (m) => {
        this.settings = m.settings;
        this.post();
      },
      openAsText: () => {
        for (const file of files) void vscode.commands.executeCommand('vscode.openWith', file.uri, 'default');
      },
      revealLine: (m) => void this.revealLine(m.run, m.step),
      copy: (m) => {
        // Kept on the host: VS Code gives webviews clipboard-write but not in Firefox, and Chromium asks
        // for focus, not a gesture, so a webview's own write would be gated no better. Checked instead:
        // bounded text without control characters, a fixed label, and only while the view is shown.
        if (!panel.visible) return;
        void vscode.env.clipboard.writeText(m.text).then(() => vscode.window.setStatusBarMessage(`Copied ${m.what}`, 3000));
      },
      savePng: (m) => {
        // Checked in messages.ts: a plain `.png` name, and base64 bytes starting with the PNG signature.
        const base64 = m.dataUrl.slice(m.dataUrl.indexOf(',') + 1);
        // atob, not Buffer: the host code must also run in VS Code for the Web.
        void this.save(m.name, { 'PNG image': ['png'] }, Uint8Array.from(atob(base64), (c) => c.charCodeAt(0)));
      },
      exportCsv: (m) => {
        const base = this.title.replace(/\.metrics\.jsonl$|\.jsonl$/i, '').replace(/[^\w.-]+/g, '_');
        const runs = this.runs();
        const csv =
          m.resolution === 'full'
            ? dataCsv(runs)
            : shownCsv(buildCharts(runs, this.chartWidth, benchmarkPatterns(), this.settings, this.memo), this.settings.xAxis);
        void this.save(`${base}${m.resolution === 'full' ? '' : '-shown'}.csv`, { CSV: ['csv'] }, new TextEncoder().encode(csv));
      },
    };
    const check = webviewMessageGate((text) => services.log.warn(text));
    this.disposables.push(
      webview.onDidReceiveMessage((raw: unknown) => {
        const message = check(raw);
        if (message) dispatch(handlers, message);
      }),
    );
    const showLive = (active: boolean) => (active ? services.live.show(files) : services.live.hide(files));
    showLive(panel.active);
    this.disposables.push(panel.onDidChangeViewState((e) => showLive(e.webviewPanel.active)));
    for (const file of files) {
      this.disposables.push(
        file.onDidChange(() => {
          this.memo = new ColumnMemo();
          this.schedule();
        }),
      );
    }
    this.disposables.push(
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (e.affectsConfiguration('trainingCurves')) this.schedule();
      }),
    );
  }

  private schedule(): void {
    if (this.pending) return;
    this.pending = setTimeout(() => {
      this.pending = undefined;
      this.post();
    }, UPDATE_DELAY_MS);
  }

  private send(message: HostToWebview): void {
    void this.webview.postMessage(message);
  }

  /** Asks where to save `bytes` (next to the first log by default) and writes them there. */
  private async save(name: string, filters: Record<string, string[]>, bytes: Uint8Array): Promise<void> {
    const folder = vscode.Uri.joinPath(this.files[0].uri, '..');
    const target = await vscode.window.showSaveDialog({ defaultUri: vscode.Uri.joinPath(folder, name), filters });
    if (!target) return;
    try {
      await vscode.workspace.fs.writeFile(target, bytes);
    } catch (e) {
      void vscode.window.showErrorMessage(plainText(`Could not save ${vscode.workspace.asRelativePath(target)}: ${e instanceof Error ? e.message : String(e)}`, 400));
    }
  }

  /**
   * What run ids of log `i` start with in a comparison: its place, not its path, so no absolute path
   * reaches the webview (its state, its messages back).
   */
  private idPrefix(i: number): string {
    return this.files.length > 1 ? `${i}#` : '';
  }

  /** Opens the log of run `id` (as `runs()` names it) as text, beside the charts, at the line that logged `step`. */
  private async revealLine(id: string, step: number): Promise<void> {
    for (const [i, file] of this.files.entries()) {
      const prefix = this.idPrefix(i);
      const run = id.startsWith(prefix) ? file.parser.runs.get(id.slice(prefix.length)) : undefined;
      if (!run) continue;
      const line = lineOfStep(run, step);
      const name = file.uri.path.slice(file.uri.path.lastIndexOf('/') + 1);
      if (line === undefined) {
        // Folder runs and formats without lines (TensorBoard, trainer_state.json, …) have no line to show.
        void vscode.window.showInformationMessage(`Training Curves: no line of ${plainText(name)} to show for step ${step} of ${plainText(run.name)}.`);
        return;
      }
      // The whole line selected: it is what the point was drawn from.
      const options: vscode.TextDocumentShowOptions = { selection: new vscode.Range(line - 1, 0, line, 0), viewColumn: vscode.ViewColumn.Beside, preview: true };
      await vscode.commands.executeCommand('vscode.openWith', file.uri.with({ fragment: '' }), 'default', options);
      return;
    }
  }

  private runs(): RunColumns[] {
    const showDeleted = showDeletedMlflowRuns();
    const located = this.files.flatMap((f, i) => {
      const parsed = [...f.parser.runs.values()];
      // As the MLflow UI, and the sidebar: runs marked deleted are hidden unless the setting shows them.
      return runsOfParser(f.parser, this.idPrefix(i))
        .filter((_, k) => showDeleted || !isDeletedRun(parsed[k]))
        .map((run) => ({ run, location: logLocation(f.uri.path, f.uri.fragment !== '') }));
    });
    // Runs of different logs may share a name (two `exp/train` folders): their labels get the path that differs.
    const labels = distinctLabels(
      located.map((l) => l.run.label),
      located.map((l) => l.location),
    );
    const runs = located.map(({ run }, i) => (labels[i] === run.label ? run : { ...run, label: labels[i] }));
    const only = this.options.metrics && new Set(this.options.metrics);
    if (!only) return runs;
    return runs.map((run) => ({ ...run, metrics: new Map([...run.metrics].filter(([name]) => only.has(name))) }));
  }

  /** In a comparison, lines skipped in the second and later logs are told as notices, file by file. */
  private otherFilesSkipped(): string[] {
    return this.files.slice(1).flatMap((f) => {
      const { count, first } = f.parser.skipped;
      if (count === 0) return [];
      const name = f.uri.path.slice(f.uri.path.lastIndexOf('/') + 1);
      const lines = first.map((s) => `${s.line} (${s.reason})`).join(', ');
      return [`${name}: ${count} line${count === 1 ? '' : 's'} skipped: ${lines}${count > first.length ? ', …' : ''}`];
    });
  }

  private post(): void {
    if (!this.ready) return;
    const errors = this.files.map((f) => f.error).filter((e): e is string => e !== undefined);
    if (errors.length > 0 && errors.length === this.files.length) {
      this.send({ type: 'error', message: errors.join('\n') });
      return;
    }
    const runs = this.runs();
    const patterns = benchmarkPatterns();
    const first = this.files[0].parser;
    const { xAxis } = this.settings;
    const untimed = xAxis === 'relative' || xAxis === 'wall' ? runs.filter((r) => r.times.length === 0).map((r) => r.label) : [];
    const xMetric = axisMetric(xAxis);
    const withoutX = xMetric === undefined ? [] : runs.filter((r) => r.metrics.size > 0 && !r.metrics.has(xMetric)).map((r) => r.label);
    const axisNotices = [
      ...(untimed.length > 0 ? [`No time field (time, timestamp, _timestamp, wall_time) in ${untimed.join(', ')}: nothing to plot against time.`] : []),
      ...(withoutX.length > 0 ? [`${withoutX.join(', ')} did not log ${xMetric}: nothing to plot against it.`] : []),
    ];
    // Runs with nothing in this view (e.g. a benchmark only another run has) are not listed.
    const listed = runs.filter((r) => r.metrics.size > 0);
    const title = this.files.every((f) => !f.loading) ? this.options.titleOf?.(runs.map((r) => r.label)) : undefined;
    if (title !== undefined && title !== this.title) this.panel.title = this.title = title;
    this.send({
      type: 'data',
      title: this.title,
      xAxis,
      charts: buildCharts(runs, this.chartWidth, patterns, this.settings, this.memo),
      runs: listed.map((r) => ({ id: r.id, label: r.label })),
      groups: seedGroups(listed),
      xMetrics: xMetricChoices(runs, this.memo),
      dualAxis: dualAxisChoices(
        runs.flatMap((r) => [...r.metrics.keys()]),
        patterns,
      ),
      skipped: skippedSummary(first),
      notices: [...errors, ...this.otherFilesSkipped(), ...this.files.flatMap((f) => f.parser.notices), ...axisNotices],
      complete: this.files.every((f) => !f.loading),
      restore: this.options.restore,
    });
  }

  dispose(): void {
    this.services.live.hide(this.files);
    if (this.pending) clearTimeout(this.pending);
    for (const d of this.disposables) d.dispose();
  }
}
