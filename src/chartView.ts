import * as vscode from 'vscode';
import {
  dispatch,
  type ActionMessage,
  type ExportFileMessage,
  type Handlers,
  type HostToWebview,
  type MethodsAsk,
  type ViewSettings,
  type WebviewToHost,
} from './protocol';
import { ColumnMemo, DEFAULT_SETTINGS } from './core/charts';
import { csvExport, viewMessage, type ViewInput, type ViewOptions } from './core/viewModel';
import { methodsView } from './core/methodsView';
import { fileOf, parseRunId } from './core/runUri';
import { lineOfStep } from './core/jsonl';
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

/** The save dialog's file types of each export. */
const EXPORT_FILTERS: Readonly<Record<ExportFileMessage['format'], () => Record<string, string[]>>> = {
  svg: () => ({ [vscode.l10n.t('SVG image')]: ['svg'] }),
  html: () => ({ [vscode.l10n.t('HTML report')]: ['html'] }),
  tex: () => ({ [vscode.l10n.t('LaTeX')]: ['tex'] }),
  md: () => ({ [vscode.l10n.t('Markdown')]: ['md'] }),
};

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
  /** The methods panel's ask while the page follows it: answered again after each data message. */
  private methodsAsk: MethodsAsk | undefined;
  private readonly disposables: vscode.Disposable[] = [];
  /** The chart view last active, for the palette's commands on "the view". */
  private static active: ChartView | undefined;

  private readonly webview: vscode.Webview;

  constructor(
    private readonly panel: vscode.WebviewPanel,
    private readonly services: ViewServices,
    private title: string,
    private readonly files: readonly LogSource[],
    private readonly options: ViewOptions = {},
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
        void vscode.env.clipboard
          .writeText(m.text)
          .then(() => vscode.window.setStatusBarMessage(`Copied ${m.what}`, 3000));
      },
      savePng: (m) => {
        // Checked in messages.ts: a plain `.png` name, and base64 bytes starting with the PNG signature.
        const base64 = m.dataUrl.slice(m.dataUrl.indexOf(',') + 1);
        // atob, not Buffer: the host code must also run in VS Code for the Web.
        void this.save(
          m.name,
          { 'PNG image': ['png'] },
          Uint8Array.from(atob(base64), (c) => c.charCodeAt(0)),
        );
      },
      exportCsv: (m) => {
        const { name, text } = csvExport(this.view(), this.title, m.resolution);
        void this.save(name, { CSV: ['csv'] }, new TextEncoder().encode(text));
      },
      compareMethods: (m) => {
        this.methodsAsk = m.follow ? m.ask : undefined;
        if (m.ask) this.sendMethods(m.ask);
      },
      // Checked in messages.ts: a plain name with the format's extension, bounded text that starts as the format does.
      exportFile: (m) => void this.save(m.name, EXPORT_FILTERS[m.format](), new TextEncoder().encode(m.text)),
    };
    const check = webviewMessageGate((text) => services.log.warn(text));
    this.disposables.push(
      webview.onDidReceiveMessage((raw: unknown) => {
        const message = check(raw);
        if (message) dispatch(handlers, message);
      }),
    );
    const showLive = (active: boolean) => {
      if (active) ChartView.active = this;
      return active ? services.live.show(files) : services.live.hide(files);
    };
    showLive(panel.active);
    this.disposables.push(panel.onDidChangeViewState((e) => showLive(e.webviewPanel.active)));
    for (const file of files) {
      this.disposables.push(
        file.onDidChange(() => {
          // After an append the summaries of the columns are extended by the new points, not built again.
          this.memo = file.appendedOnly ? this.memo.appended() : new ColumnMemo();
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

  private sendMethods(ask: MethodsAsk): void {
    this.send({ type: 'methods', ask, view: methodsView(this.view(), ask) });
  }

  /** Asks the active chart view's page to do `action`, as its own button does; false when no view is active. */
  static act(action: ActionMessage['action']): boolean {
    const view = ChartView.active;
    if (!view) return false;
    view.send({ type: 'action', action });
    return true;
  }

  /** Asks where to save `bytes` (next to the first log by default) and writes them there. */
  private async save(name: string, filters: Record<string, string[]>, bytes: Uint8Array): Promise<void> {
    const first = this.files[0];
    const folder = first && vscode.Uri.joinPath(first.uri, '..');
    const target = await vscode.window.showSaveDialog({
      defaultUri: folder && vscode.Uri.joinPath(folder, name),
      filters,
    });
    if (!target) return;
    try {
      await vscode.workspace.fs.writeFile(target, bytes);
    } catch (e) {
      void vscode.window.showErrorMessage(
        plainText(
          `Could not save ${vscode.workspace.asRelativePath(target)}: ${e instanceof Error ? e.message : String(e)}`,
          400,
        ),
      );
    }
  }

  /** Opens the log of run `id` (as the view model names it) as text, beside the charts, at the line that logged `step`. */
  private async revealLine(id: string, step: number): Promise<void> {
    const at = parseRunId(id, this.files.length);
    if (!at) return;
    const file = this.files[at.file];
    if (!file) return;
    const run = file.parser.runs.get(at.run);
    if (!run) return;
    const line = lineOfStep(run, step);
    const name = file.uri.path.slice(file.uri.path.lastIndexOf('/') + 1);
    if (line === undefined) {
      // Folder runs and formats without lines (TensorBoard, trainer_state.json, …) have no line to show.
      void vscode.window.showInformationMessage(
        `Training Curves: no line of ${plainText(name)} to show for step ${step} of ${plainText(run.name)}.`,
      );
      return;
    }
    // The whole line selected: it is what the point was drawn from.
    const options: vscode.TextDocumentShowOptions = {
      selection: new vscode.Range(line - 1, 0, line, 0),
      viewColumn: vscode.ViewColumn.Beside,
      preview: true,
    };
    await vscode.commands.executeCommand('vscode.openWith', fileOf(file.uri), 'default', options);
  }

  /** The view's logs as they are now, and what its user and settings chose. */
  private view(): ViewInput {
    return {
      logs: this.files.map((f) => ({
        parser: f.parser,
        path: f.uri.path,
        folder: f.folder,
        error: f.error,
        loading: f.loading,
      })),
      options: this.options,
      showDeleted: showDeletedMlflowRuns(),
      patterns: benchmarkPatterns(),
      settings: this.settings,
      chartWidth: this.chartWidth,
      memo: this.memo,
    };
  }

  private post(): void {
    if (!this.ready) return;
    const { message, title } = viewMessage(this.view(), this.title);
    if (title !== this.title) this.panel.title = this.title = title;
    this.send(message);
    if (message.type === 'data' && this.methodsAsk) this.sendMethods(this.methodsAsk);
  }

  dispose(): void {
    this.services.live.hide(this.files);
    if (ChartView.active === this) ChartView.active = undefined;
    if (this.pending) clearTimeout(this.pending);
    for (const d of this.disposables) d.dispose();
  }
}
