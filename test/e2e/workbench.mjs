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
const STEP_KEYS = ['step', 'global_step', '_step', 'iteration'];
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
  const finite = new Set();
  const all = new Set();
  for (const row of rows) {
    for (const [name, v] of Object.entries(row.metrics)) {
      all.add(name);
      if (Number.isFinite(v)) finite.add(name);
    }
  }
  return { rows, skipped, pending, finite, all };
}

// ---- console: everything the workbench and the webviews print while a suite runs ----
// Every console error, uncaught exception and CSP report fails a suite, except these, which code-server
// prints on this network-less machine whatever extension is installed:
const HARMLESS = [
  // Extension gallery look-ups (open-vsx.org) cannot resolve here.
  { text: /^Failed to load resource: net::ERR_NAME_NOT_RESOLVED$/, url: /^https:\/\/open-vsx\.org\// },
  { text: /getaddrinfo ENOTFOUND open-vsx\.org/ },
  // code-server does not ship Microsoft's closed-source `vsda` module; the workbench probes for it.
  { text: /^Failed to load resource: the server responded with a status of 404/, url: /\/static\/node_modules\/vsda\// },
  // No GitHub sign-in without network: the accounts menu gives up waiting for the provider.
  { text: /Timed out waiting for authentication provider 'github' to register/ },
  // Reloading the window (the restore test) makes the workbench say that its own shutdown participants
  // (remote disconnect, chat) cannot be awaited in a browser.
  { text: /\[lifecycle\] Long running operations during shutdown are unsupported in the web/ },
  // The same reload closes the browser-side storage (IndexedDB) while the workbench's own log writer may
  // still be flushing its window log into it; seen once in several runs.
  { text: /Unable to write file 'vscode-log:\/[^']*\/window\.log' \(Error: IndexedDB database 'vscode-web-db' is closed\.\)/ },
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
  static async open(suite, files) {
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
      else fs.writeFileSync(path.join(wb.workspace, name), content);
    }
    fs.rmSync(wb.shots, { recursive: true, force: true });
    fs.mkdirSync(wb.shots, { recursive: true });
    installVsix(VSIX, { userDataDir, extensionsDir });
    wb.server = await startCodeServer({ folder: wb.workspace, userDataDir, extensionsDir });

    wb.browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
    const context = await wb.browser.newContext({ viewport: { width: 1400, height: 900 } });
    // The host's vscode.env.clipboard is the browser's clipboard in code-server: let the test read it.
    await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: wb.server.url });
    wb.page = await context.newPage();
    const page = wb.page;
    page.on('console', (m) => wb.consoleLog.push({ source: 'console', type: m.type(), text: m.text(), url: m.location().url }));
    page.on('pageerror', (e) => wb.consoleLog.push({ source: 'pageerror', type: 'error', text: e.stack ?? `${e.name}: ${e.message}`, url: '' }));
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
      await view.locator('.tc-status').filter({ hasText: /^\d+ (of \d+ )?charts?$/ }).waitFor({ timeout: 20_000 });
    } catch {
      const file = await this.shot('FAILED-no-charts');
      const status = await view.locator('.tc-status').textContent();
      const errors = this.problems().map((m) => m.text.split('\n')[0]);
      throw new Error(`no charts drawn within 20 s (${file}); status "${status}"; console errors so far:\n${errors.join('\n')}`);
    }
  }

  /**
   * Moves the pointer over `canvas` until the tooltip's heading reads `Step <step>`; returns label → value.
   * Steps grow left to right, so it halves the distance to the step first, then walks pixel by pixel.
   */
  async hoverStep(view, canvas, step) {
    const page = this.page;
    const box = await canvas.boundingBox();
    const tooltip = view.locator('[role=tooltip]');
    /** The step the tooltip shows with the pointer `x` px into the canvas, or undefined off the plot. */
    const stepAt = async (x) => {
      await page.mouse.move(box.x + x, box.y + box.height / 2);
      if (!(await tooltip.isVisible())) return undefined;
      const heading = await tooltip.locator('.tc-tooltip-title').textContent();
      return heading === `Step ${step}` ? step : Number(heading.replace(/^Step /, ''));
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
    const [from, to, by] = hi - lo > 2 ? [0, box.width, box.width / 200] : [Math.max(0, lo - 4), Math.min(box.width, hi + 4), 1];
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
    const probes = () => this.consoleLog.filter((m) => m.text.includes('tc-e2e-probe')).map((m) => m.source + (/Content Security Policy/.test(m.text) ? ' csp' : ''));
    for (let i = 0; i < 50 && probes().length < 3; i++) await sleep(100);
    assert.deepEqual(probes().sort(), ['console', 'console csp', 'pageerror'], 'webview console output does not reach the test');
    assert.deepEqual(problems, []);
  }
}
