import * as vscode from 'vscode';
import { dispatch, type Handlers, type HostToWebview, type WebviewToHost } from './protocol';
import { buildCharts, runsOfParser, skippedSummary, type RunColumns } from './charts';
import type { LogFile } from './logFile';
import { webviewHtml, webviewOptions } from './webviewHtml';

/** Chart width assumed until the webview reports its own. */
const DEFAULT_CHART_WIDTH = 400;
/** Live appends arrive in bursts; redraw at most this often. */
const UPDATE_DELAY_MS = 100;

function benchmarkPatterns(): string[] {
  return vscode.workspace.getConfiguration('trainingCurves').get<string[]>('benchmarkPatterns', []);
}

/**
 * Shows the charts of one or more logs in a webview and keeps them current as the logs change.
 * The single-log editor and the comparison panel are both this view over different sets of files.
 */
export class ChartView implements vscode.Disposable {
  private chartWidth = DEFAULT_CHART_WIDTH;
  private ready = false;
  private pending: ReturnType<typeof setTimeout> | undefined;
  private readonly disposables: vscode.Disposable[] = [];

  constructor(
    private readonly webview: vscode.Webview,
    extensionUri: vscode.Uri,
    private readonly title: string,
    private readonly files: readonly LogFile[],
  ) {
    webview.options = webviewOptions(extensionUri);
    webview.html = webviewHtml(webview, extensionUri, title);
    const handlers: Handlers<WebviewToHost> = {
      ready: (m) => {
        this.ready = true;
        this.chartWidth = m.chartWidth;
        this.post();
      },
      resize: (m) => {
        this.chartWidth = m.chartWidth;
        this.post();
      },
      openAsText: () => {
        for (const file of files) void vscode.commands.executeCommand('vscode.openWith', file.uri, 'default');
      },
    };
    this.disposables.push(webview.onDidReceiveMessage((m: WebviewToHost) => dispatch(handlers, m)));
    for (const file of files) this.disposables.push(file.onDidChange(() => this.schedule()));
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

  private post(): void {
    if (!this.ready) return;
    const errors = this.files.map((f) => f.error).filter((e): e is string => e !== undefined);
    if (errors.length > 0 && errors.length === this.files.length) {
      this.send({ type: 'error', message: errors.join('\n') });
      return;
    }
    const multi = this.files.length > 1;
    const runs: RunColumns[] = this.files.flatMap((f) => runsOfParser(f.parser, multi ? `${f.uri.path}#` : ''));
    const first = this.files[0].parser;
    this.send({
      type: 'data',
      title: this.title,
      charts: buildCharts(runs, this.chartWidth, benchmarkPatterns()),
      skipped: skippedSummary(first),
      notices: [...errors, ...this.files.flatMap((f) => f.parser.notices)],
      complete: true,
    });
  }

  dispose(): void {
    if (this.pending) clearTimeout(this.pending);
    for (const d of this.disposables) d.dispose();
  }
}
