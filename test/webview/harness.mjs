// The webview tests' harness: the built bundle (dist/webview) in a page with the editor's CSP and a stub
// `acquireVsCodeApi`, one Chromium per test file, and a fresh page per test (so no test depends on
// another's state), fed with the host's data messages (fixtures.ts) the way VS Code delivers them.
// Each *.test.mjs here is one feature; run them all with `node test/webview/run.mjs` after `node esbuild.js`.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium } from 'playwright-core';
import { CHROMIUM, CHROMIUM_ARGS } from '../../scripts/codeserver.mjs';
import { webviewPage } from './page.mjs';
import { importTs, ROOT } from './tsModule.mjs';
import { STUB, THEMES } from './themes.mjs';
import { countColour, hexOf, pixels } from './pixels.mjs';

export { THEMES };
/** The host's data messages, built from logs by the host's own code. */
export const fixtures = await importTs('test/webview/fixtures.ts');

const DIST = path.join(ROOT, 'dist', 'webview');
const SHOTS = path.join(ROOT, 'test-results', 'webview');
const ORIGIN = 'https://webview.test';
const VIEWPORT = { width: 1280, height: 900 };

let browser;
let tmp;

/** A test file's describe block (one per file: it owns the file's Chromium); each test gets a fresh page (see `test`). */
export function suite(name, body) {
  describe(name, () => {
    before(async () => {
      assert.ok(
        fs.existsSync(path.join(DIST, 'main.js')),
        'dist/webview/main.js is missing: run `node esbuild.js` first',
      );
      tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'tc-webview-'));
      fs.writeFileSync(path.join(tmp, 'index.html'), webviewPage(ORIGIN, 'webview test'));
      fs.writeFileSync(path.join(tmp, 'stub.js'), STUB);
      fs.mkdirSync(SHOTS, { recursive: true });
      browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
    });
    after(async () => {
      await browser?.close();
      if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
    });
    body();
  });
}

/**
 * A test on a new webview page (its own saved state, as a newly opened editor has), which must also
 * raise no page error, console error or warning, CSP violation or dialog.
 */
export function test(name, body, { timeout = 60_000 } = {}) {
  it(name, { timeout }, async () => {
    const view = await WebviewPage.create();
    try {
      await body(view);
      await view.assertClean();
    } finally {
      await view.close();
    }
  });
}

/** The fixed y range a chart's label gives, as [min, max], or undefined. */
function fixedRangeOf(label) {
  const m = /; y axis (\S+)–(\S+) \(fixed\)$/.exec(label);
  return m ? [Number(m[1]), Number(m[2])] : undefined;
}

/** One webview page and what a test does with it. */
class WebviewPage {
  /** Page errors, console errors and warnings and CSP violations, as they happen; and the dialogs opened. */
  problems = [];
  dialogs = [];

  constructor(context, page) {
    this.context = context;
    this.page = page;
  }

  static async create() {
    const context = await browser.newContext({ viewport: VIEWPORT });
    const view = new WebviewPage(context, await context.newPage());
    const { page, problems } = view;
    page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
    page.on('console', (m) => {
      // The readback hint is caused by the tests' own getImageData calls (pixels.mjs).
      if (m.type() === 'error' || (m.type() === 'warning' && !m.text().startsWith('Canvas2D: Multiple readback'))) {
        problems.push(`console ${m.type()}: ${m.text()}`);
      }
    });
    page.on('dialog', (d) => {
      view.dialogs.push(d.message());
      void d.dismiss();
    });
    // Serve the page from the temp dir and the bundle from dist under one origin, as the webview's cspSource.
    await context.route(`${ORIGIN}/**`, (route) => {
      const name = new URL(route.request().url()).pathname.slice(1);
      const file = ['main.js', 'main.css'].includes(name) ? path.join(DIST, name) : path.join(tmp, name);
      if (!fs.existsSync(file)) return route.fulfill({ status: 404, body: '' });
      const type = { '.html': 'text/html', '.js': 'text/javascript', '.css': 'text/css' }[path.extname(file)];
      return route.fulfill({ status: 200, contentType: type, body: fs.readFileSync(file) });
    });
    await view.open();
    return view;
  }

  /** Loads the page (again: as VS Code does when a hidden webview is shown), keeping its saved state. */
  async open() {
    await this.collectCspViolations();
    await this.page.goto(`${ORIGIN}/index.html`);
    await this.page.waitForFunction(() => window.__posted.some((m) => m.type === 'ready'));
  }

  /** The page's CSP violations so far (they are kept in the page, which a reload empties). */
  async collectCspViolations() {
    if (!this.page.url().startsWith(ORIGIN)) return;
    for (const v of await this.page.evaluate(() => window.__cspViolations)) this.problems.push(`CSP: ${v}`);
  }

  async assertClean() {
    await this.collectCspViolations();
    assert.deepEqual(this.problems, []);
    assert.deepEqual(this.dialogs, []);
  }

  async close() {
    await this.context.close();
  }

  /** The ready message of the page's latest load. */
  ready() {
    return this.page.evaluate(() => window.__posted.findLast((m) => m.type === 'ready'));
  }

  async post(message) {
    await this.page.evaluate((m) => window.__post(m), message);
  }

  async setTheme(name) {
    await this.page.evaluate((n) => window.__setTheme(n), name);
    // Let the webview see the changed variables and redraw.
    await this.page.waitForTimeout(50);
  }

  /** A screenshot of the page, or of `target` (a locator), into test-results/webview. */
  async shot(name, options = {}, target = this.page) {
    await target.screenshot({ path: path.join(SHOTS, `${name}.png`), ...options });
  }

  card(id) {
    return this.page.locator('.tc-card', { has: this.page.locator(`canvas[aria-label^="${id}:"]`) });
  }

  canvas(id) {
    return this.card(id).locator('canvas');
  }

  async tooltipText() {
    const tip = this.page.locator('[role=tooltip]');
    return (await tip.isVisible()) ? tip.innerText() : '';
  }

  /** Moves the mouse along the canvas, binary-searching the x pixel whose tooltip reads "Step <step>"; returns the tooltip's text and that x. */
  async pointAtStep(id, step) {
    await this.card(id).scrollIntoViewIfNeeded();
    const box = await this.canvas(id).boundingBox();
    const y = box.y + box.height / 2;
    let lo = box.x;
    let hi = box.x + box.width;
    for (let i = 0; i < 20; i++) {
      const x = (lo + hi) / 2;
      await this.page.mouse.move(x, y);
      const m = /Step (\d+)/.exec(await this.tooltipText());
      const shown = m ? Number(m[1]) : NaN;
      if (shown === step) return { text: await this.tooltipText(), x };
      // Outside the plot area (the y axes' gutters) there is no tooltip: move towards the middle.
      if (Number.isNaN(shown)) {
        if (x < box.x + box.width / 2) lo = x;
        else hi = x;
      } else if (shown < step) lo = x;
      else hi = x;
    }
    throw new Error(`no mouse position on ${id} shows step ${step}`);
  }

  async hoverStep(id, step) {
    return (await this.pointAtStep(id, step)).text;
  }

  /** Takes the mouse off the charts. */
  async leave() {
    await this.page.mouse.move(2, 2);
  }

  /** The messages the webview posted to the host so far. */
  postedCount() {
    return this.page.evaluate(() => window.__posted.length);
  }

  /** The last message of this type the webview posted to the host, once there is one after `since` messages. */
  async lastPosted(type, since = 0) {
    await this.page.waitForFunction(([t, n]) => window.__posted.slice(n).some((m) => m.type === t), [type, since], {
      timeout: 5000,
    });
    return this.page.evaluate((t) => window.__posted.findLast((m) => m.type === t), type);
  }

  /** The revealLine messages posted since the first `since` messages, after waiting out a click's delay. */
  async revealsSince(since) {
    await this.page.waitForTimeout(600);
    return this.page.evaluate((n) => window.__posted.slice(n).filter((m) => m.type === 'revealLine'), since);
  }

  visibleCardIds() {
    return this.page
      .locator('.tc-card:visible canvas')
      .evaluateAll((cs) => cs.map((c) => c.getAttribute('aria-label').split(':')[0]));
  }

  async setFilter(text) {
    await this.page.locator('.tc-filter').fill(text);
  }

  toggle(text) {
    return this.page.locator('.tc-toggle', { hasText: text });
  }

  /** The summary's rows, cell by cell. */
  summaryRows() {
    return this.page
      .locator('.tc-summary tbody tr')
      .evaluateAll((trs) => trs.map((tr) => [...tr.cells].map((c) => c.textContent)));
  }

  /** The colour a run is drawn in, from its swatch in the run list (rendered even while the list is hidden for one run). */
  async runColour(label) {
    return hexOf(
      await this.page
        .locator('.tc-run', { hasText: label })
        .locator('.tc-swatch')
        .evaluate((e) => getComputedStyle(e).backgroundColor),
    );
  }

  /** The swatch colours of the tooltip's rows, in order. */
  async tooltipColours() {
    const css = await this.page
      .locator('[role=tooltip] .tc-swatch')
      .evaluateAll((els) => els.map((e) => getComputedStyle(e).backgroundColor));
    return css.map(hexOf);
  }

  countColour(id, hex, topCss) {
    return countColour(this.canvas(id), hex, topCss);
  }

  pixels(id) {
    return pixels(this.canvas(id));
  }

  /** Drags across the middle of a chart from one fraction of its width to another (a zoom; with Shift, a pan). */
  async drag(id, from, to, { steps = 5, shift = false } = {}) {
    await this.card(id).scrollIntoViewIfNeeded();
    const box = await this.canvas(id).boundingBox();
    const y = box.y + box.height / 2;
    if (shift) await this.page.keyboard.down('Shift');
    await this.page.mouse.move(box.x + box.width * from, y);
    await this.page.mouse.down();
    await this.page.mouse.move(box.x + box.width * to, y, { steps });
    await this.page.mouse.up();
    if (shift) await this.page.keyboard.up('Shift');
  }

  /** Types a Fixed y range's end (empty clears it) and commits it, as Enter does. */
  async setYBound(label, value) {
    const input = this.page.getByLabel(label, { exact: true });
    await input.fill(value);
    await input.press('Enter');
  }

  /** Each non-dual chart's y range as [min, max] when the user fixed it (its canvas says so), else undefined. */
  async fixedYRanges() {
    const labels = await this.page
      .locator('.tc-card canvas')
      .evaluateAll((cs) => cs.map((c) => c.getAttribute('aria-label')));
    return labels.map(fixedRangeOf);
  }

  async fixedYRange(id) {
    return fixedRangeOf(await this.canvas(id).getAttribute('aria-label'));
  }

  hoverAttr(id) {
    return this.card(id).getAttribute('data-hover-step');
  }
}
