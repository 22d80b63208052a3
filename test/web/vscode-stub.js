// A stand-in for the `vscode` module, just wide enough for the extension's activate() and one custom
// editor, evaluated inside a web worker the way VS Code for the Web runs extensions. Files come from
// `self.stubFiles` (path → Uint8Array); what the extension registers and posts is recorded in `self.recorded`.
(() => {
  const recorded = {
    commands: [],
    customEditors: [],
    treeViews: [],
    serializers: [],
    posted: [],
    warnings: [],
    logged: [],
  };
  const disposable = () => ({ dispose() {} });
  const noEvent = () => disposable();

  class EventEmitter {
    constructor() {
      this.listeners = [];
      this.event = (listener) => {
        this.listeners.push(listener);
        return { dispose: () => (this.listeners = this.listeners.filter((l) => l !== listener)) };
      };
    }
    fire(e) {
      for (const l of this.listeners) l(e);
    }
    dispose() {
      this.listeners = [];
    }
  }

  class Uri {
    constructor(scheme, path, fragment = '') {
      this.scheme = scheme;
      this.path = path;
      this.fragment = fragment;
    }
    with(change) {
      return new Uri(change.scheme ?? this.scheme, change.path ?? this.path, change.fragment ?? this.fragment);
    }
    static parse(text) {
      const m = /^([a-z-]+):\/\/[^/]*(\/[^#]*)(?:#(.*))?$/.exec(text);
      if (!m) throw new Error(`stub Uri.parse: ${text}`);
      return new Uri(m[1], m[2], m[3]);
    }
    static file(path) {
      return new Uri('file', path);
    }
    static joinPath(base, ...parts) {
      const segments = base.path.split('/');
      for (const part of parts.join('/').split('/')) {
        if (part === '..') segments.pop();
        else if (part && part !== '.') segments.push(part);
      }
      return new Uri(base.scheme, segments.join('/'));
    }
    get fsPath() {
      throw new Error('fsPath used: it does not exist for virtual workspaces');
    }
    toString() {
      return `${this.scheme}://${this.path}${this.fragment ? `#${this.fragment}` : ''}`;
    }
  }

  const watcher = () => ({ onDidChange: noEvent, onDidCreate: noEvent, onDidDelete: noEvent, dispose() {} });

  self.recorded = recorded;
  self.vscodeStub = {
    EventEmitter,
    Uri,
    RelativePattern: class {
      constructor(base, pattern) {
        Object.assign(this, { base, pattern });
      }
    },
    TreeItem: class {
      constructor(label, collapsibleState) {
        Object.assign(this, { label, collapsibleState });
      }
    },
    ThemeIcon: class {
      constructor(id) {
        this.id = id;
      }
    },
    MarkdownString: class {
      constructor() {
        this.value = '';
      }
      appendText(t) {
        this.value += t;
        return this;
      }
    },
    TreeItemCollapsibleState: { None: 0, Collapsed: 1, Expanded: 2 },
    TreeItemCheckboxState: { Unchecked: 0, Checked: 1 },
    ViewColumn: { Active: -1 },
    StatusBarAlignment: { Left: 1, Right: 2 },
    ProgressLocation: { SourceControl: 1, Window: 10, Notification: 15 },
    workspace: {
      fs: {
        async stat(uri) {
          const bytes = self.stubFiles[uri.path];
          if (!bytes) throw new Error(`ENOENT ${uri.path}`);
          return { type: 1, size: bytes.length, ctime: 0, mtime: 0 };
        },
        async readFile(uri) {
          const bytes = self.stubFiles[uri.path];
          if (!bytes) throw new Error(`ENOENT ${uri.path}`);
          return bytes;
        },
        // The extension's own storage (the sidebar's indexes) lives beside the workspace's files.
        async writeFile(uri, bytes) {
          self.stubFiles[uri.path] = bytes;
        },
        async delete(uri) {
          delete self.stubFiles[uri.path];
        },
      },
      async findFiles() {
        return Object.keys(self.stubFiles)
          .filter((p) => p.startsWith('/ws/'))
          .map((p) => Uri.file(p));
      },
      createFileSystemWatcher: watcher,
      onDidChangeWorkspaceFolders: noEvent,
      onDidChangeConfiguration: noEvent,
      getConfiguration: (section) => ({
        get: (key, fallback) => (self.stubSettings ?? {})[`${section}.${key}`] ?? fallback,
      }),
      asRelativePath: (uri) => uri.path.slice(1),
    },
    window: {
      registerCustomEditorProvider(viewType, provider) {
        recorded.customEditors.push({ viewType, provider });
        return disposable();
      },
      createTreeView(id, options) {
        recorded.treeViews.push({ id, provider: options.treeDataProvider });
        return { onDidChangeCheckboxState: noEvent, dispose() {} };
      },
      registerWebviewPanelSerializer(viewType) {
        recorded.serializers.push(viewType);
        return disposable();
      },
      showInformationMessage: async () => undefined,
      showErrorMessage: async () => undefined,
      // Modal questions are recorded and answered with `self.stubAnswer` (Escape when unset).
      showWarningMessage: async (message) => {
        recorded.warnings.push(message);
        return self.stubAnswer;
      },
      setStatusBarMessage: disposable,
      createStatusBarItem: () => ({ show() {}, hide() {}, dispose() {} }),
      // The extension's log (a LogOutputChannel): its lines are recorded.
      createOutputChannel: () => ({
        info: (line) => recorded.logged.push(line),
        warn: (line) => recorded.logged.push(line),
        dispose() {},
      }),
      withProgress: (options, task) =>
        task({ report() {} }, { isCancellationRequested: false, onCancellationRequested: noEvent }),
    },
    commands: {
      registerCommand(id) {
        recorded.commands.push(id);
        return disposable();
      },
      executeCommand: async () => undefined,
    },
    env: { clipboard: { writeText: async () => undefined } },
    // As VS Code's l10n.t in the display language the bundle was written in: `{0}`, `{1}`, … replaced by the values.
    l10n: {
      t: (message, ...args) => {
        const values = typeof args[0] === 'object' && args[0] !== null ? args[0] : args;
        return message.replace(/\{([^}]+)\}/g, (match, key) => (key in values ? String(values[key]) : match));
      },
    },
  };
})();
