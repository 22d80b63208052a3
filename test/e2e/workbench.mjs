// Shared by the e2e suites: a code-server workbench with the packaged VSIX installed, opened in Chromium,
// with every console message recorded, and the steps a user takes in it (quick open, hover, …).
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium } from 'playwright-core';
import { CHROMIUM, CHROMIUM_ARGS, ROOT, ensureSetup, installVsix, startCodeServer } from '../../scripts/codeserver.mjs';

const VSIX = path.join(ROOT, 'training-curves.vsix');

// ---- reading a sample the way docs/format.md describes it, independently of the product's parser ----
const STEP_KEYS = ['step', 'global_step', '_step', 'trainer/global_step', 'iteration', 'current_steps'];
/** Fields that say how far training is: kept, but no chart of their own (docs/format.md, "Progress fields"). */
const PROGRESS_FIELDS = new Set(['epoch', 'total_steps', 'percentage']);
const TIME_KEYS = new Set(['time', 'timestamp', '_timestamp', 'wall_time']);

function flatten(obj, prefix, out) {
  for (const [key, value] of Object.entries(obj)) {
    const name = prefix + key;
    if (value !== null && typeof value === 'object' && !Array.isArray(value)) flatten(value, `${name}/`, out);
    else out[name] = value;
  }
  return out;
}

/**
 * Per line: step and numeric fields; which lines are skipped (not a JSON object); and a trailing line
 * without newline that does not parse (still being written). Python's NaN/Infinity count as numbers.
 */
export function readSample(text) {
  const lines = text.split('\n');
  const unterminated = !text.endsWith('\n');
  const rows = [];
  const skipped = [];
  let pending;
  let step = -1;
  lines.forEach((line, i) => {
    if (line.trim() === '') return;
    let value;
    try {
      value = JSON.parse(line.replace(/-?\bInfinity\b|\bNaN\b/g, (t) => JSON.stringify(`__${t}__`)));
    } catch {
      value = undefined;
    }
    if (value === null || typeof value !== 'object' || Array.isArray(value)) {
      if (unterminated && i === lines.length - 1 && value === undefined) pending = i + 1;
      else skipped.push(i + 1);
      return;
    }
    // Null-prototype records: a metric may be named __proto__.
    const fields = flatten(value, '', Object.create(null));
    const key = STEP_KEYS.find((k) => typeof fields[k] === 'number');
    step = key ? fields[key] : step + 1;
    const metrics = Object.create(null);
    for (const [name, v] of Object.entries(fields)) {
      if (STEP_KEYS.includes(name) || TIME_KEYS.has(name)) continue;
      if (typeof v === 'number') metrics[name] = v;
      else if (typeof v === 'string' && /^__-?(Infinity|NaN)__$/.test(v)) metrics[name] = Number(v.slice(2, -2));
    }
    rows.push({ line: i + 1, step, metrics });
  });
  return { ...sampleOf(rows), skipped, pending };
}

/** `{rows}` of step → metrics as the names and numbers the other readers give, with `all` and `finite` names of the charted ones. */
function sampleOf(rows) {
  const finite = new Set();
  const all = new Set();
  for (const row of rows) {
    for (const [name, v] of Object.entries(row.metrics)) {
      if (PROGRESS_FIELDS.has(name)) continue;
      all.add(name);
      if (Number.isFinite(v)) finite.add(name);
    }
  }
  return { rows, finite, all };
}

/** Reads a protobuf varint at `pos`: [value, next position]. Steps and lengths here stay far below 2^53. */
function varint(bytes, pos) {
  let value = 0;
  for (let scale = 1; ; scale *= 128) {
    const b = bytes[pos++];
    value += (b & 0x7f) * scale;
    if (b < 0x80) return [value, pos];
  }
}

/** The fields of one protobuf message: field number → list of raw values (a number for varints, else bytes). */
function protoFields(bytes) {
  const fields = new Map();
  let pos = 0;
  while (pos < bytes.length) {
    let key;
    [key, pos] = varint(bytes, pos);
    const wire = key % 8;
    let value;
    if (wire === 0) [value, pos] = varint(bytes, pos);
    else {
      let size = wire === 1 ? 8 : wire === 5 ? 4 : undefined;
      if (wire === 2) [size, pos] = varint(bytes, pos);
      if (size === undefined) throw new Error(`protobuf wire type ${wire} is not read here`);
      value = bytes.subarray(pos, pos + size);
      pos += size;
    }
    const field = Math.floor(key / 8);
    fields.set(field, [...(fields.get(field) ?? []), value]);
  }
  return fields;
}

/**
 * The scalars of a TensorBoard event file, decoded here by hand (not with the product's protobuf
 * schema): TFRecord framing (u64 length, u32 CRC, payload, u32 CRC; CRCs not checked) around
 * `Event { step = 2; summary = 5 }`, `Summary { repeated value = 1 }`, `Value { tag = 1; simple_value = 2 (float) }`.
 * Only `simple_value` scalars, which is what samples/formats/tensorboard holds.
 */
export function readTfEvents(buffer) {
  const rows = [];
  for (let pos = 0; pos < buffer.length;) {
    const length = Number(buffer.readBigUInt64LE(pos));
    const event = protoFields(buffer.subarray(pos + 12, pos + 12 + length));
    pos += 12 + length + 4;
    const metrics = Object.create(null);
    for (const summary of event.get(5) ?? []) {
      for (const value of protoFields(summary).get(1) ?? []) {
        const fields = protoFields(value);
        const tag = Buffer.from(fields.get(1)[0]).toString('utf8');
        const simple = fields.get(2)?.[0];
        if (!simple) throw new Error(`${tag}: not a simple_value scalar`);
        metrics[tag] = Buffer.from(simple).readFloatLE(0);
      }
    }
    if (Object.keys(metrics).length > 0) rows.push({ step: event.get(2)?.[0] ?? 0, metrics });
  }
  return sampleOf(rows);
}

/**
 * The points of a Hugging Face / TRL trainer_state.json: each `log_history` entry at its `step`, numeric
 * keys (nested ones joined with `/`) as logged, the end-of-training summary (`train_runtime`) left out
 * (docs/format.md). The product renames `eval_*` keys; the sample has none, so they are not handled here.
 */
export function readTrainerState(text) {
  const rows = JSON.parse(text)
    .log_history.filter((entry) => !('train_runtime' in entry))
    .map(({ step, ...fields }) => ({
      step,
      metrics: Object.fromEntries(
        Object.entries(flatten(fields, '', Object.create(null))).filter(([, v]) => typeof v === 'number'),
      ),
    }));
  return sampleOf(rows);
}

/** A value as tooltips and tables show it: six significant digits, in exponent form when tiny or huge. */
export function asShown(value) {
  const abs = Math.abs(value);
  if (!Number.isFinite(value)) return value;
  return Number(abs !== 0 && (abs >= 1e6 || abs < 1e-4) ? value.toExponential(4) : value.toPrecision(6));
}

// ---- console: everything the workbench and the webviews print while a suite runs ----
// Every console error, uncaught exception and CSP report fails a suite, except these, which code-server
// prints on this network-less machine whatever extension is installed:
const HARMLESS = [
  // Extension gallery look-ups (open-vsx.org) cannot resolve here.
  { text: /^Failed to load resource: net::ERR_NAME_NOT_RESOLVED$/, url: /^https:\/\/open-vsx\.org\// },
  { text: /getaddrinfo ENOTFOUND open-vsx\.org/ },
  // code-server does not ship Microsoft's closed-source `vsda` module; the workbench probes for it.
  {
    text: /^Failed to load resource: the server responded with a status of 404/,
    url: /\/static\/node_modules\/vsda\//,
  },
  // No GitHub sign-in without network: the accounts menu gives up waiting for the provider.
  { text: /Timed out waiting for authentication provider 'github' to register/ },
  // Reloading the window (the restore test) makes the workbench say that its own shutdown participants
  // (remote disconnect, chat) cannot be awaited in a browser.
  { text: /\[lifecycle\] Long running operations during shutdown are unsupported in the web/ },
  // The same reload closes the browser-side storage (IndexedDB) while the workbench's own log writer may
  // still be flushing its window log into it; seen once in several runs.
  {
    text: /Unable to write file 'vscode-log:\/[^']*\/window\.log' \(Error: IndexedDB database 'vscode-web-db' is closed\.\)/,
  },
  // While the workbench starts on a loaded machine (load average 7 on 2 cores, seen once), a save it makes
  // of its own waits for the built-in extensions' save participants and gives up after 1.75 s. Training
  // Curves registers no save participant and saves no text document.
  { text: /Aborted onWillSaveTextDocument-event after \d+ms/ },
];

function isProblem({ type, text, url }) {
  if (HARMLESS.some((h) => h.text.test(text) && (!h.url || h.url.test(url)))) return false;
  return type === 'error' || /Content Security Policy/i.test(text);
}

export const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** Calls `check` until it returns something truthy (or stops throwing); fails with its last error after `timeout` ms. */
export async function poll(check, { timeout = 10_000, what = 'condition' } = {}) {
  const deadline = Date.now() + timeout;
  let last;
  for (;;) {
    try {
      const result = await check();
      if (result) return result;
      last = undefined;
    } catch (e) {
      last = e;
    }
    if (Date.now() > deadline) {
      throw new Error(`${what}: not within ${timeout} ms${last ? `: ${last.message}` : ''}`, { cause: last });
    }
    await sleep(200);
  }
}

/**
 * code-server serving a fresh copy of `files` (name → source path or text) with the packaged extension,
 * and a Chromium page on it. Screenshots go to test-results/e2e/<suite>/.
 */
export class Workbench {
  /** `options.restricted`: the folder opens untrusted, in Restricted Mode. */
  static async open(suite, files, options = {}) {
    ensureSetup();
    assert.ok(fs.existsSync(VSIX), `${VSIX} is missing: run \`npm run build && npm run package\` before the e2e tests`);
    const wb = new Workbench(suite);
    wb.tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'tc-e2e-'));
    const userDataDir = path.join(wb.tmp, 'user-data');
    const extensionsDir = path.join(wb.tmp, 'extensions');
    wb.workspace = path.join(wb.tmp, 'workspace');
    fs.mkdirSync(wb.workspace);
    for (const [name, content] of Object.entries(files)) {
      if (content.source) fs.cpSync(content.source, path.join(wb.workspace, name), { recursive: true });
      else {
        fs.mkdirSync(path.dirname(path.join(wb.workspace, name)), { recursive: true });
        fs.writeFileSync(path.join(wb.workspace, name), content);
      }
    }
    fs.rmSync(wb.shots, { recursive: true, force: true });
    fs.mkdirSync(wb.shots, { recursive: true });
    installVsix(VSIX, { userDataDir, extensionsDir });
    wb.server = await startCodeServer({
      folder: wb.workspace,
      userDataDir,
      extensionsDir,
      workspaceTrust: options.restricted === true,
    });

    wb.browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
    const context = await wb.browser.newContext({ viewport: { width: 1400, height: 900 } });
    // The host's vscode.env.clipboard is the browser's clipboard in code-server: let the test read it.
    await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: wb.server.url });
    wb.page = await context.newPage();
    const page = wb.page;
    page.on('console', (m) =>
      wb.consoleLog.push({ source: 'console', type: m.type(), text: m.text(), url: m.location().url }),
    );
    page.on('pageerror', (e) =>
      wb.consoleLog.push({ source: 'pageerror', type: 'error', text: e.stack ?? `${e.name}: ${e.message}`, url: '' }),
    );
    await page.goto(`${wb.server.url}?folder=${encodeURIComponent(wb.workspace)}`);
    // The dark theme comes from our user settings: once it shows, the settings have been read.
    await page.locator('.monaco-workbench.vs-dark').waitFor({ timeout: 60_000 });
    // The explorer lists the folder once the workbench has connected to the server.
    await page.locator('.explorer-folders-view .monaco-list-row').first().waitFor({ timeout: 60_000 });
    await wb.shot('workbench');
    return wb;
  }

  constructor(suite) {
    this.shots = path.join(ROOT, 'test-results', 'e2e', suite);
    this.shotNo = 0;
    /** Every console message, uncaught exception and CSP report of the workbench and its webviews. */
    this.consoleLog = [];
  }

  async close() {
    try {
      await this.browser?.close();
    } finally {
      await this.server?.stop();
      if (this.tmp) fs.rmSync(this.tmp, { recursive: true, force: true });
    }
  }

  /** The lines of the extension's log (Output › Training Curves, written under the user data folder) that hold `text`. */
  outputLines(text) {
    const logs = path.join(this.tmp, 'user-data', 'logs');
    const files = fs.existsSync(logs)
      ? fs.readdirSync(logs, { recursive: true }).filter((f) => f.endsWith('Training Curves.log'))
      : [];
    return files
      .flatMap((f) => fs.readFileSync(path.join(logs, f), 'utf8').split('\n'))
      .filter((l) => l.includes(text));
  }

  /** Console errors, uncaught exceptions and CSP reports so far, but for the known harmless ones. */
  problems() {
    return this.consoleLog.filter(isProblem);
  }

  async shot(name) {
    this.shotNo += 1;
    const file = path.join(this.shots, `${String(this.shotNo).padStart(2, '0')}-${name}.png`);
    await this.page.screenshot({ path: file });
    return file;
  }

  async quickOpen(fileName) {
    const page = this.page;
    await page.keyboard.press('Control+P');
    const input = page.locator('.quick-input-widget input');
    await input.waitFor({ state: 'visible' });
    await input.fill(fileName);
    // Enter opens the focused row, which may still be one from before the list caught up with the input.
    await page.locator('.quick-input-list .monaco-list-row.focused', { hasText: fileName }).waitFor();
    await page.keyboard.press('Enter');
    await page.locator('.quick-input-widget').waitFor({ state: 'hidden' });
  }

  /** Quick-opens `fileName` in the chart editor and waits for its charts; returns the view. */
  async openCharts(fileName) {
    await this.quickOpen(fileName);
    const view = await this.webviewFor(fileName);
    await this.waitForCharts(view);
    return view;
  }

  /**
   * Right-clicks the Explorer row named `name` and picks `item` from its context menu, as a user does. A
   * click that lands while the menu is still being laid out is lost: it is tried again until the menu closes.
   */
  async explorerMenu(name, item) {
    const page = this.page;
    const row = page.locator('.explorer-folders-view .monaco-list-row', {
      has: page.locator('.label-name', { hasText: new RegExp(`^${name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`) }),
    });
    await row.click({ button: 'right' });
    const menu = page.locator('.context-view .monaco-menu');
    const entry = menu.locator('.action-item', { hasText: new RegExp(`^${item}$`) });
    await entry.waitFor();
    for (let tries = 0; tries < 3 && (await menu.count()) > 0; tries++) {
      await entry.click().catch(() => undefined);
      await poll(async () => (await menu.count()) === 0, { timeout: 3000, what: 'the context menu closed' }).catch(
        () => undefined,
      );
    }
  }

  /**
   * Answers a save dialog (VS Code's own quick input in code-server) with the path `target`, as a user types
   * it; waits for the file, keeps a copy with the screenshots to look at, and returns its bytes.
   */
  async saveAs(target) {
    const page = this.page;
    const input = page.locator('.quick-input-widget input');
    await input.waitFor({ state: 'visible' });
    // It proposes a path (a file name of the same type) once ready; typing before that is overwritten.
    await poll(async () => (await input.inputValue()).endsWith(path.extname(target)), {
      what: 'the save dialog ready',
    });
    await this.shot(`save-dialog-${path.parse(target).name}`);
    await input.fill(target);
    // Typing a path in another folder makes the dialog list that folder first, and an Enter pressed
    // meanwhile only finishes that; as a user would, press it again while the path is still there.
    const dialog = page.locator('.quick-input-widget');
    for (let tries = 1; ; tries++) {
      if ((await input.inputValue()) === target) await page.keyboard.press('Enter');
      try {
        await dialog.waitFor({ state: 'hidden', timeout: 2_000 });
        break;
      } catch (e) {
        if (tries < 5) continue;
        const shot = await this.shot('FAILED-save-dialog');
        throw new Error(`${e.message}\ninput: ${await input.inputValue()}; ${shot}`);
      }
    }
    await poll(() => fs.existsSync(target) && fs.statSync(target).size > 0, { what: `${target} written` });
    fs.copyFileSync(target, path.join(this.shots, path.basename(target)));
    return fs.readFileSync(target);
  }

  /** Runs a command from the palette by its full title. */
  async runCommand(title) {
    const page = this.page;
    await page.keyboard.press('F1');
    const input = page.locator('.quick-input-widget input');
    await input.waitFor({ state: 'visible' });
    await input.fill(`>${title}`);
    await page.locator('.quick-input-list .monaco-list-row', { hasText: title }).first().waitFor();
    await page.keyboard.press('Enter');
  }

  /**
   * "Training Curves: Compare Runs" from the palette, ticking the logs `files` (file names) in its
   * quick pick, as a user does; the comparison opens on Enter.
   */
  async compareRuns(files) {
    const page = this.page;
    await this.runCommand('Training Curves: Compare Runs');
    const input = page.locator('.quick-input-widget input');
    for (const file of files) {
      await input.fill(file.replace(/\.metrics\.jsonl$/, ''));
      const pick = page.locator('.quick-input-list .monaco-list-row', { hasText: file }).first();
      await pick.waitFor();
      await pick.locator('.monaco-checkbox').click();
      await page.locator('.quick-input-list .monaco-list-row[aria-checked="true"]', { hasText: file }).waitFor();
    }
    await input.fill('');
    await this.shot('compare-pick');
    await page.keyboard.press('Enter');
  }

  /** The webview document our extension rendered for `fileName` (its <title> is the file name). */
  webviewFor(fileName, timeout = 30_000) {
    return this.webviewTitled(new RegExp(`^${fileName.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`), timeout);
  }

  /** The view whose document title matches `pattern` (comparison panels are titled after their runs). */
  async webviewTitled(pattern, timeout = 30_000) {
    const deadline = Date.now() + timeout;
    while (Date.now() < deadline) {
      for (const frame of this.page.frames()) {
        if (frame.isDetached()) continue;
        try {
          if (pattern.test(await frame.title()) && (await frame.locator('.tc-toolbar').count()) > 0) return frame;
        } catch {
          // frame navigated or went away while we looked
        }
      }
      await sleep(200);
    }
    await this.shot('FAILED-no-webview');
    throw new Error(`no webview titled ${pattern} within ${timeout} ms`);
  }

  /** Waits until the view has drawn the host's data: the status then counts charts instead of "Loading…". */
  async waitForCharts(view) {
    try {
      await view
        .locator('.tc-status')
        .filter({ hasText: /^\d+ (of \d+ )?charts?$/ })
        .waitFor({ timeout: 20_000 });
    } catch {
      const file = await this.shot('FAILED-no-charts');
      const status = await view.locator('.tc-status').textContent();
      const errors = this.problems().map((m) => m.text.split('\n')[0]);
      throw new Error(
        `no charts drawn within 20 s (${file}); status "${status}"; console errors so far:\n${errors.join('\n')}`,
      );
    }
  }

  /**
   * Moves the pointer over `canvas` until the tooltip's heading reads `Step <step>` (`<unit> <step>`, e.g.
   * `Epoch 3`); returns label → value. Steps grow left to right, so it halves the distance to the step
   * first, then walks pixel by pixel.
   */
  async hoverStep(view, canvas, step, unit = 'Step') {
    const page = this.page;
    // A chart further down the page is scrolled to, as a user would.
    await canvas.scrollIntoViewIfNeeded();
    const box = await canvas.boundingBox();
    const tooltip = view.locator('[role=tooltip]');
    /** The step the tooltip shows with the pointer `x` px into the canvas, or undefined off the plot. */
    const stepAt = async (x) => {
      await page.mouse.move(box.x + x, box.y + box.height / 2);
      if (!(await tooltip.isVisible())) return undefined;
      const heading = await tooltip.locator('.tc-tooltip-title').textContent();
      return heading === `${unit} ${step}` ? step : Number(heading.slice(unit.length + 1));
    };
    const read = async () => {
      const labels = await tooltip.locator('.tc-tooltip-label').allTextContents();
      const values = await tooltip.locator('.tc-tooltip-value').allTextContents();
      return Object.fromEntries(labels.map((label, k) => [label, Number(values[k].split(' ')[0])]));
    };
    let lo = 0;
    let hi = box.width;
    while (hi - lo > 2) {
      const mid = (lo + hi) / 2;
      const shown = await stepAt(mid);
      if (shown === step) return read();
      if (shown === undefined) break;
      if (shown < step) lo = mid;
      else hi = mid;
    }
    // When the halving ran off the plot (no tooltip there), walk the whole canvas instead.
    const [from, to, by] =
      hi - lo > 2 ? [0, box.width, box.width / 200] : [Math.max(0, lo - 4), Math.min(box.width, hi + 4), 1];
    for (let x = from; x <= to; x += by) if ((await stepAt(x)) === step) return read();
    throw new Error(`no pointer position over the chart shows step ${step}`);
  }

  /**
   * Checks that webview output reaches the console log at all (a console error, an uncaught exception and
   * an image its CSP refuses, provoked in a view), then that nothing else went wrong; writes the log out.
   */
  async assertCleanConsole() {
    fs.writeFileSync(path.join(this.shots, 'console.json'), JSON.stringify(this.consoleLog, null, 2));
    const problems = this.problems();
    // Whichever of our views is showing: hidden ones are torn down (no retainContextWhenHidden).
    const view = await this.webviewTitled(/./);
    await view.evaluate(() => {
      console.error('tc-e2e-probe console');
      setTimeout(() => {
        throw new Error('tc-e2e-probe uncaught');
      });
      const img = document.createElement('img');
      img.src = 'http://127.0.0.1:9/tc-e2e-probe.png';
      document.body.append(img);
    });
    const probes = () =>
      this.consoleLog
        .filter((m) => m.text.includes('tc-e2e-probe'))
        .map((m) => m.source + (/Content Security Policy/.test(m.text) ? ' csp' : ''));
    for (let i = 0; i < 50 && probes().length < 3; i++) await sleep(100);
    assert.deepEqual(
      probes().sort(),
      ['console', 'console csp', 'pageerror'],
      'webview console output does not reach the test',
    );
    assert.deepEqual(problems, []);
  }
}
