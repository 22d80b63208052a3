// Runs the web build of the extension in a web worker (as VS Code for the Web does) against the stub,
// then drives it like the workbench: activate, open a log in the custom editor, the webview says ready.
importScripts('/vscode-stub.js');

self.onmessage = async (event) => {
  try {
    const { files } = event.data;
    self.stubFiles = Object.fromEntries(Object.entries(files).map(([path, bytes]) => [path, new Uint8Array(bytes)]));
    const module = { exports: {} };
    const requireInWorker = (name) => {
      if (name === 'vscode') return self.vscodeStub;
      throw new Error(`the web build requires "${name}", which does not exist in a browser`);
    };
    new Function('module', 'exports', 'require', await (await fetch('/extension.js')).text())(
      module,
      module.exports,
      requireInWorker,
    );

    const context = {
      extensionUri: self.vscodeStub.Uri.parse('file:///ext'),
      storageUri: self.vscodeStub.Uri.parse('file:///storage'),
      globalStorageUri: self.vscodeStub.Uri.parse('file:///global-storage'),
      subscriptions: [],
    };
    module.exports.activate(context);

    const { provider } = self.recorded.customEditors[0];
    const path = Object.keys(files)[0];
    const document = await provider.openCustomDocument(self.vscodeStub.Uri.file(path), {}, {});
    let receive;
    const webview = {
      options: {},
      html: '',
      cspSource: 'https://stub.vscode-cdn.test',
      asWebviewUri: (uri) => uri,
      postMessage: async (message) => {
        self.recorded.posted.push(message);
        return true;
      },
      onDidReceiveMessage: (listener) => {
        receive = listener;
        return { dispose() {} };
      },
    };
    const panel = {
      webview,
      active: true,
      onDidChangeViewState: () => ({ dispose() {} }),
      onDidDispose: () => ({ dispose() {} }),
    };
    await provider.resolveCustomEditor(document, panel, {});
    receive({
      type: 'ready',
      chartWidth: 400,
      settings: { smoothing: { kind: 'ema', weight: 0 }, xAxis: 'step', ignoreOutliers: false },
    });

    // A log over trainingCurves.largeFileThresholdMB asks first; declining leaves it unopened.
    self.stubSettings = { 'trainingCurves.largeFileThresholdMB': 0.00001 };
    const declined = await provider.openCustomDocument(self.vscodeStub.Uri.file(path), {}, {}).then(
      () => 'opened',
      (e) => e.message,
    );
    self.stubSettings = {};

    const tree = self.recorded.treeViews[0].provider;
    const roots = await tree.getChildren();
    const rootLabels = roots.map((node) => tree.getTreeItem(node).label);

    // The log is read after the webview is ready: its charts come in a later data message.
    const withCharts = () => self.recorded.posted.find((m) => m.type === 'data' && m.charts.length > 0);
    for (let waited = 0; !withCharts() && waited < 5000; waited += 50) await new Promise((r) => setTimeout(r, 50));
    const data = withCharts();
    self.postMessage({
      commands: self.recorded.commands,
      viewTypes: self.recorded.customEditors.map((e) => e.viewType),
      serializers: self.recorded.serializers,
      html: webview.html,
      localResourceRoots: (webview.options.localResourceRoots ?? []).map(String),
      rootLabels,
      declined,
      warnings: self.recorded.warnings,
      charts: data
        ? data.charts.map((c) => ({
            id: c.id,
            series: c.series.map((s) => ({ label: s.label, x: Array.from(s.x), y: Array.from(s.y) })),
          }))
        : undefined,
    });
  } catch (e) {
    self.postMessage({ error: String(e && e.stack ? e.stack : e) });
  }
};
