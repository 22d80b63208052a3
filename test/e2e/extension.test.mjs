// End-to-end: the packaged VSIX installed into code-server (a real VS Code workbench in Chromium), driven
// the way a user would: quick open, hover, command palette. Needs `node scripts/setup-e2e.mjs` (run by
// `before` too) and `npm run build && npm run package` first. Run: node --test test/e2e/
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium } from 'playwright-core';
import { CHROMIUM, CHROMIUM_ARGS, ROOT, ensureSetup, installVsix, startCodeServer } from '../../scripts/codeserver.mjs';

const VSIX = path.join(ROOT, 'training-curves.vsix');
const SHOTS = path.join(ROOT, 'test-results', 'e2e');

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
function readSample(text) {
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
    const fields = flatten(value, '', {});
    const key = STEP_KEYS.find((k) => typeof fields[k] === 'number');
    step = key ? fields[key] : step + 1;
    const metrics = {};
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

// ---- console: everything the workbench and the webviews print while the suite runs ----
// Every console error, uncaught exception and CSP report fails the suite, except these, which code-server
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
];
const consoleLog = [];

function record(source, type, text, url) {
  consoleLog.push({ source, type, text, url });
}

function isProblem({ type, text, url }) {
  if (HARMLESS.some((h) => h.text.test(text) && (!h.url || h.url.test(url)))) return false;
  return type === 'error' || /Content Security Policy/i.test(text);
}

// ---- workbench helpers ----
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
let shotNo = 0;
async function shot(page, name) {
  shotNo += 1;
  await page.screenshot({ path: path.join(SHOTS, `${String(shotNo).padStart(2, '0')}-${name}.png`) });
}

async function quickOpen(page, fileName) {
  await page.keyboard.press('Control+P');
  const input = page.locator('.quick-input-widget input');
  await input.waitFor({ state: 'visible' });
  await input.fill(fileName);
  await page.locator('.quick-input-list .monaco-list-row', { hasText: fileName }).first().waitFor();
  await page.keyboard.press('Enter');
  await page.locator('.quick-input-widget').waitFor({ state: 'hidden' });
}

/** The webview document our extension rendered for `fileName` (its <title> is the file name). */
async function webviewFor(page, fileName, timeout = 30_000) {
  const deadline = Date.now() + timeout;
  while (Date.now() < deadline) {
    for (const frame of page.frames()) {
      if (frame.isDetached()) continue;
      try {
        if ((await frame.title()) === fileName && (await frame.locator('.tc-toolbar').count()) > 0) return frame;
      } catch {
        // frame navigated or went away while we looked
      }
    }
    await sleep(200);
  }
  await shot(page, `FAILED-no-webview-${fileName}`);
  throw new Error(`no webview showing ${fileName} within ${timeout} ms`);
}

/** Waits until the view has drawn the host's data: the status then counts charts instead of "Loading…". */
async function waitForCharts(page, view) {
  try {
    await view.locator('.tc-status').filter({ hasText: /^\d+ charts?$/ }).waitFor({ timeout: 20_000 });
  } catch {
    await shot(page, 'FAILED-no-charts');
    const status = await view.locator('.tc-status').textContent();
    const errors = consoleLog.filter(isProblem).map((m) => m.text.split('\n')[0]);
    throw new Error(`no charts drawn within 20 s; status "${status}"; console errors so far:\n${errors.join('\n')}`);
  }
}


/** Benchmarks named in a sample's metric names, by the rule in docs/format.md (`val/<bench>/…` and kin). */
const BENCHMARK_PREFIX = /^(?:val|val-core|val-aux|eval|test)\/([^/]+)\//;

/** Moves the pointer across `canvas` until the tooltip's heading reads `Step <step>`; returns label → value. */
async function hoverStep(page, view, canvas, step) {
  const box = await canvas.boundingBox();
  const tooltip = view.locator('[role=tooltip]');
  for (let i = 0; i <= 200; i++) {
    await page.mouse.move(box.x + (box.width * i) / 200, box.y + box.height / 2);
    if (!(await tooltip.isVisible())) continue;
    if ((await tooltip.locator('.tc-tooltip-title').textContent()) !== `Step ${step}`) continue;
    const labels = await tooltip.locator('.tc-tooltip-label').allTextContents();
    const values = await tooltip.locator('.tc-tooltip-value').allTextContents();
    return Object.fromEntries(labels.map((label, k) => [label, Number(values[k].split(' ')[0])]));
  }
  throw new Error(`no pointer position over the chart shows step ${step}`);
}

/** The view whose document title matches `pattern` (comparison panels are titled after their runs). */
async function webviewTitled(page, pattern, timeout = 30_000) {
  const deadline = Date.now() + timeout;
  while (Date.now() < deadline) {
    for (const frame of page.frames()) {
      if (frame.isDetached()) continue;
      try {
        if (pattern.test(await frame.title()) && (await frame.locator('.tc-toolbar').count()) > 0) return frame;
      } catch {
        // frame navigated or went away while we looked
      }
    }
    await sleep(200);
  }
  await shot(page, 'FAILED-no-webview-titled');
  throw new Error(`no webview titled ${pattern} within ${timeout} ms`);
}

describe('Training Curves in code-server', () => {
  let server;
  let browser;
  let page;
  let workspace;
  let tmp;

  // A cold setup installs code-server (a few minutes); with the cache it takes seconds.
  before(async () => {
    ensureSetup();
    assert.ok(fs.existsSync(VSIX), `${VSIX} is missing: run \`npm run build && npm run package\` before the e2e tests`);
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'tc-e2e-'));
    const userDataDir = path.join(tmp, 'user-data');
    const extensionsDir = path.join(tmp, 'extensions');
    workspace = path.join(tmp, 'workspace');
    fs.cpSync(path.join(ROOT, 'samples'), workspace, { recursive: true });
    fs.rmSync(SHOTS, { recursive: true, force: true });
    fs.mkdirSync(SHOTS, { recursive: true });
    installVsix(VSIX, { userDataDir, extensionsDir });
    server = await startCodeServer({ folder: workspace, userDataDir, extensionsDir });

    browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
    page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    page.on('console', (m) => record('console', m.type(), m.text(), m.location().url));
    page.on('pageerror', (e) => record('pageerror', 'error', e.stack ?? `${e.name}: ${e.message}`, ''));
    await page.goto(`${server.url}?folder=${encodeURIComponent(workspace)}`);
    // The dark theme comes from our user settings: once it shows, the settings have been read.
    await page.locator('.monaco-workbench.vs-dark').waitFor({ timeout: 60_000 });
    // The explorer lists the folder once the workbench has connected to the server.
    await page.locator('.explorer-folders-view .monaco-list-row').first().waitFor({ timeout: 60_000 });
    await shot(page, 'workbench');
  }, { timeout: 20 * 60_000 });

  after(async () => {
    try {
      await browser?.close();
    } finally {
      await server?.stop();
      if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
    }
  });

  it('opens a *.metrics.jsonl in the chart editor with one chart per metric', { timeout: 60_000 }, async () => {
    const file = 'series-a.metrics.jsonl';
    const sample = readSample(fs.readFileSync(path.join(workspace, file), 'utf8'));
    await quickOpen(page, file);
    const view = await webviewFor(page, file);
    await waitForCharts(page, view);
    await shot(page, 'series-a-opened');

    // The custom editor replaced the text editor for this file.
    assert.equal(await page.locator('.editor-group-container.active .monaco-editor').count(), 0);
    const charted = await view.locator('.tc-card').evaluateAll((cards) => cards.map((c) => c.getAttribute('aria-label')));
    assert.deepEqual(charted.toSorted(), [...sample.all].sort());
    assert.equal(await view.locator('.tc-card canvas').count(), sample.all.size);
  });

  it('hovering a chart shows the step and the value logged at that step', { timeout: 60_000 }, async () => {
    const file = 'series-a.metrics.jsonl';
    const sample = readSample(fs.readFileSync(path.join(workspace, file), 'utf8'));
    const metric = Object.keys(sample.rows[0].metrics)[0];
    const view = await webviewFor(page, file);
    const canvas = view.locator(`.tc-card[aria-label="${metric}"] canvas`);
    const box = await canvas.boundingBox();
    const tooltip = view.locator('[role=tooltip]');
    const seen = [];
    // Two places on the plot: the tooltip must follow the pointer to another step, each with its own value.
    for (const fraction of [0.35, 0.75]) {
      await page.mouse.move(box.x + box.width * fraction, box.y + box.height / 2);
      await tooltip.waitFor({ state: 'visible' });
      const heading = await tooltip.locator('.tc-tooltip-title').textContent();
      const step = Number(/^Step (\S+)$/.exec(heading)?.[1]);
      const row = sample.rows.find((r) => r.step === step && metric in r.metrics);
      assert.ok(row, `tooltip shows "${heading}", a step at which ${file} has no ${metric}`);
      // A file is one run, named after the file (docs/format.md).
      assert.equal(await tooltip.locator('.tc-tooltip-label').textContent(), file.replace(/\.metrics\.jsonl$/, ''));
      const shown = Number(await tooltip.locator('.tc-tooltip-value').textContent());
      // The tooltip rounds to six significant digits.
      const expected = row.metrics[metric];
      assert.ok(Math.abs(shown - expected) <= 1e-5 * Math.abs(expected), `step ${step}: tooltip shows ${shown}, file has ${expected}`);
      seen.push(step);
      await shot(page, `hover-step-${step}`);
    }
    assert.ok(seen[0] < seen[1], `moving right should move to a later step (saw ${seen.join(' then ')})`);
    await page.mouse.move(5, 5);
    await tooltip.waitFor({ state: 'hidden' });
  });

  it('lists "Training Curves: Compare Runs" in the command palette', { timeout: 60_000 }, async () => {
    await page.keyboard.press('F1');
    const input = page.locator('.quick-input-widget input');
    await input.waitFor({ state: 'visible' });
    await input.fill('>Training Curves: Compare');
    const row = page.locator('.quick-input-list .monaco-list-row', { hasText: 'Training Curves: Compare Runs' });
    await row.first().waitFor();
    await shot(page, 'command-palette');
    await page.keyboard.press('Escape');
    await page.locator('.quick-input-widget').waitFor({ state: 'hidden' });
  });

  it('reports skipped lines by number and still plots the good lines of a malformed log', { timeout: 60_000 }, async () => {
    const file = 'malformed.metrics.jsonl';
    const sample = readSample(fs.readFileSync(path.join(workspace, file), 'utf8'));
    assert.ok(sample.skipped.length > 0, `${file} should contain lines that are not JSON objects`);
    await quickOpen(page, file);
    const view = await webviewFor(page, file);
    await waitForCharts(page, view);
    await shot(page, 'malformed-opened');

    const banner = view.locator('.tc-banner.tc-warning');
    await banner.waitFor({ state: 'visible' });
    const text = await banner.textContent();
    assert.match(text, new RegExp(`\\b${sample.skipped.length} lines? skipped`));
    const listed = [...text.matchAll(/\bline (\d+)/g)].map((m) => Number(m[1]));
    assert.deepEqual(listed, sample.skipped);
    if (sample.pending !== undefined) assert.match(text, new RegExp(`Line ${sample.pending} is incomplete`));

    const charted = await view.locator('.tc-card').evaluateAll((cards) => cards.map((c) => c.getAttribute('aria-label')));
    for (const name of sample.finite) assert.ok(charted.includes(name), `no chart for ${name}; charts: ${charted.join(', ')}`);
    for (const name of charted) assert.ok(sample.all.has(name), `chart for ${name}, which is not a metric of ${file}`);
    assert.equal(await view.locator('.tc-card canvas').count(), charted.length);
  });

  it('the sidebar lists the benchmarks and methods of the workspace logs', { timeout: 60_000 }, async () => {
    const files = fs.readdirSync(workspace).filter((f) => f.endsWith('.metrics.jsonl'));
    const benchmarks = new Set();
    for (const file of files) {
      for (const name of readSample(fs.readFileSync(path.join(workspace, file), 'utf8')).all) {
        const match = BENCHMARK_PREFIX.exec(name);
        if (match) benchmarks.add(match[1]);
      }
    }
    await page.locator('.activitybar [aria-label^="Training Curves"]').first().click();
    const tree = page.locator('.pane-body', { has: page.locator('.monaco-list-row', { hasText: 'Benchmarks' }) });
    const row = (text) => tree.locator('.monaco-list-row').filter({ has: page.locator('.label-name', { hasText: new RegExp(`^${text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`) }) });
    await row('Benchmarks').waitFor({ timeout: 30_000 });
    await shot(page, 'sidebar');
    assert.equal(Number(await row('Benchmarks').locator('.label-description').textContent()), benchmarks.size);
    assert.equal(Number(await row('Methods').locator('.label-description').textContent()), files.length);
    for (const name of ['MATH500', 'AIME24', 'math-eval']) await row(name).waitFor();
    for (const name of ['grpo', 'mel', 'series-a']) await row(name).waitFor();

    // A benchmark's row opens the runs that have it, showing that benchmark's charts only.
    await row('MATH500').click();
    const view = await webviewTitled(page, /^MATH500 — /);
    await waitForCharts(page, view);
    await shot(page, 'sidebar-math500');
    const charted = await view.locator('.tc-card').evaluateAll((cards) => cards.map((c) => c.getAttribute('aria-label')));
    assert.ok(charted.length > 0);
    for (const name of charted) assert.equal(BENCHMARK_PREFIX.exec(name)?.[1], 'MATH500', `${name} is not a MATH500 metric`);
  });

  it('Compare Runs from the palette shows two runs on one chart, and hover gives both values', { timeout: 90_000 }, async () => {
    const metric = 'val-core/MATH500/acc/mean@1';
    const expected = {};
    for (const run of ['grpo', 'mel']) {
      const rows = readSample(fs.readFileSync(path.join(workspace, `${run}.metrics.jsonl`), 'utf8')).rows;
      expected[run] = rows.find((r) => r.step === 120 && metric in r.metrics).metrics[metric];
    }
    await page.keyboard.press('F1');
    const input = page.locator('.quick-input-widget input');
    await input.waitFor({ state: 'visible' });
    await input.fill('>Training Curves: Compare Runs');
    await page.locator('.quick-input-list .monaco-list-row', { hasText: 'Training Curves: Compare Runs' }).first().waitFor();
    await page.keyboard.press('Enter');
    for (const run of ['grpo', 'mel']) {
      await input.fill(run);
      const pick = page.locator('.quick-input-list .monaco-list-row', { hasText: `${run}.metrics.jsonl` }).first();
      await pick.waitFor();
      await pick.locator('.monaco-checkbox').click();
      await page.locator('.quick-input-list .monaco-list-row[aria-checked="true"]', { hasText: `${run}.metrics.jsonl` }).waitFor();
    }
    await input.fill('');
    await shot(page, 'compare-pick');
    await page.keyboard.press('Enter');
    const view = await webviewTitled(page, /^Compare: grpo vs mel$/);
    await waitForCharts(page, view);
    const values = await hoverStep(page, view, view.locator(`.tc-card[aria-label="${metric}"] canvas`), 120);
    await shot(page, 'compare-hover-120');
    assert.deepEqual(values, expected);
    await page.mouse.move(5, 5);
  });

  it('a comparison comes back with its runs after the window reloads', { timeout: 90_000 }, async () => {
    await page.reload();
    await page.locator('.explorer-folders-view .monaco-list-row, .monaco-workbench .part.editor').first().waitFor({ timeout: 60_000 });
    const view = await webviewTitled(page, /^Compare: grpo vs mel$/, 60_000);
    await waitForCharts(page, view);
    await shot(page, 'compare-after-reload');
    const legend = await view.locator('.tc-card[aria-label="val-core/MATH500/acc/mean@1"] canvas').getAttribute('aria-label');
    assert.match(legend, /grpo/);
    assert.match(legend, /mel/);
  });

  it('logs no CSP violation and no uncaught error while the charts are used', { timeout: 60_000 }, async () => {
    fs.writeFileSync(path.join(SHOTS, 'console.json'), JSON.stringify(consoleLog, null, 2));
    const problems = consoleLog.filter(isProblem);

    // The check is only worth something if webview output reaches it: provoke each kind once in the
    // webview (a console error, an uncaught exception, an image its CSP refuses) and expect all three.
    // Whichever of our views is showing: hidden ones are torn down (no retainContextWhenHidden).
    const view = await webviewTitled(page, /./);
    await view.evaluate(() => {
      console.error('tc-e2e-probe console');
      setTimeout(() => {
        throw new Error('tc-e2e-probe uncaught');
      });
      const img = document.createElement('img');
      img.src = 'http://127.0.0.1:9/tc-e2e-probe.png';
      document.body.append(img);
    });
    const probes = () => consoleLog.filter((m) => m.text.includes('tc-e2e-probe')).map((m) => m.source + (/Content Security Policy/.test(m.text) ? ' csp' : ''));
    for (let i = 0; i < 50 && probes().length < 3; i++) await sleep(100);
    assert.deepEqual(probes().sort(), ['console', 'console csp', 'pageerror'], 'webview console output does not reach the test');

    assert.deepEqual(problems, []);
  });
});
