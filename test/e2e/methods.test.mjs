// End-to-end (issue #16): samples/seeds opened as a folder of runs in code-server, drawn as two seed
// groups; the methods panel compares them (its first sentence checked against the files), a chart is
// saved as SVG (parsed in Chromium: the metric and the runs as text, one path per drawn series) and the
// view as an HTML report, which, opened offline, tells the same value on hover as the view at a step.
// Run after `npm run build && npm run package`: node --test test/e2e/methods.test.mjs
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ROOT } from '../../scripts/codeserver.mjs';
import { Workbench, poll, readSample } from './workbench.mjs';

const METRIC = 'val-core/MATH500/acc/mean@1';
const METHODS = { drgrpo: 'drgrpo (3 seeds)', dapo: 'dapo (3 seeds)' };
/** A folder's runs come in the order of their files' names: dapo's first. */
const ORDER = [METHODS.dapo, METHODS.drgrpo];
const STEP = 100;

describe('Compare methods and paper exports on samples/seeds', () => {
  let wb;
  let page;
  let view;
  /** Outside the workspace, so an export is not found as one more log. */
  const exports = fs.mkdtempSync(path.join(os.tmpdir(), 'tc-e2e-methods-'));

  before(
    async () => {
      wb = await Workbench.open('methods', { seeds: { source: path.join(ROOT, 'samples', 'seeds') } });
      page = wb.page;
    },
    { timeout: 20 * 60_000 },
  );

  after(async () => {
    fs.rmSync(exports, { recursive: true, force: true });
    await wb?.close();
  });

  /** Saves through the save dialog as a user does; the file's text. */
  const saveAs = async (target) => (await wb.saveAs(target)).toString('utf8');

  it('opens the folder of runs with its seeds grouped into two methods', { timeout: 90_000 }, async () => {
    await wb.explorerMenu('seeds', 'Open Folder of Runs');
    view = await wb.webviewTitled(/^seeds — /);
    await wb.waitForCharts(view);
    await view.getByLabel('Seeds', { exact: true }).selectOption('minmax');
    const runs = view.getByRole('group', { name: 'Runs' });
    await poll(async () => (await runs.getByRole('checkbox').count()) === 2, { what: 'two seed groups' });
    assert.deepEqual(
      await runs.getByRole('checkbox').evaluateAll((bs) => bs.map((b) => b.labels[0].textContent)),
      ORDER,
    );
  });

  it(
    'the methods panel gives the pair statistics with a 95% interval and the sentence, checked against the files',
    { timeout: 90_000 },
    async () => {
      // The final value: the mean of each seed's last 3 MATH500 values, then over the seeds.
      const finalOf = (method) => {
        const means = [1, 2, 3].map((seed) => {
          const text = fs.readFileSync(path.join(wb.workspace, 'seeds', `${method}-seed${seed}.metrics.jsonl`), 'utf8');
          const values = readSample(text)
            .rows.filter((r) => METRIC in r.metrics)
            .map((r) => r.metrics[METRIC]);
          return values.slice(-3).reduce((s, v) => s + v, 0) / 3;
        });
        return means.reduce((s, v) => s + v, 0) / 3;
      };
      const lead = finalOf('dapo') - finalOf('drgrpo');
      assert.ok(lead > 0.01, `dapo leads at the end: ${lead}`);

      await view.getByRole('button', { name: 'Compare methods' }).click();
      const panel = view.getByRole('region', { name: 'Compare methods' });
      await panel.locator('.tc-sentences p').first().waitFor({ timeout: 20_000 });
      const sentence = await panel.locator('.tc-sentences p').first().textContent();
      const m =
        /^dapo is ahead of drgrpo on MATH500 over the last 3 logged values by \+(\d\.\d+) \(95% CI ([-+]\d\.\d+) to ([-+]\d\.\d+), 3 vs 3 seeds\)\.$/.exec(
          sentence,
        );
      assert.ok(m, sentence);
      const [by, low, high] = m.slice(1).map(Number);
      assert.equal(by, Number(lead.toFixed(3)), sentence);
      assert.ok(low <= by && by <= high, `the interval ${low}…${high} holds the difference ${by}`);
      // The pair table: the same difference (A − B: dapo − drgrpo) with its interval, marked when it excludes 0.
      const pair = panel.locator('table').nth(1).locator('tbody tr').first();
      assert.equal(await pair.locator('th').textContent(), 'dapo vs drgrpo');
      const final = pair.locator('td').first();
      assert.equal(await final.locator('.tc-difference').textContent(), `+${by.toFixed(3)}`);
      assert.equal(await final.locator('.tc-ci').textContent(), `95% CI ${m[2]} to ${m[3]}`);
      assert.equal(await final.locator('.tc-mark').count(), low > 0 ? 1 : 0);
      await panel.scrollIntoViewIfNeeded();
      await wb.shot('methods-panel');
      await view.getByRole('button', { name: 'Compare methods' }).click();
      await panel.waitFor({ state: 'hidden' });
    },
  );

  it(
    'a chart saved as SVG parses, names the metric and the runs in text, and has one path per drawn series',
    { timeout: 90_000 },
    async () => {
      await view.getByRole('button', { name: `Save ${METRIC} as SVG` }).click();
      const text = await saveAs(path.join(exports, 'math500.svg'));
      const svg = await page.evaluate((source) => {
        const doc = new DOMParser().parseFromString(source, 'image/svg+xml');
        return {
          root: doc.documentElement.localName,
          errors: doc.getElementsByTagName('parsererror').length,
          texts: [...doc.querySelectorAll('text')].map((t) => t.textContent),
          series: [...doc.querySelectorAll('path.series title')].map((t) => t.textContent),
        };
      }, text);
      assert.deepEqual([svg.root, svg.errors], ['svg', 0]);
      for (const name of ['MATH500 · acc/mean@1', METHODS.drgrpo, METHODS.dapo])
        assert.ok(svg.texts.includes(name), `${name} in ${svg.texts.join(' | ')}`);
      assert.deepEqual(svg.series, ORDER);
      // Drawn in Chromium, to look at.
      const shot = await wb.browser.newPage({ viewport: { width: 520, height: 320 } });
      await shot.setContent(`<body style="margin:0">${text}</body>`);
      await shot.screenshot({ path: path.join(wb.shots, 'svg-in-chromium.png') });
      await shot.close();
    },
  );

  it(
    'the HTML report, opened offline, draws the charts and tells the same value on hover as the view',
    { timeout: 120_000 },
    async () => {
      const canvas = view.locator(`.tc-card[aria-label="${METRIC}"] canvas`);
      const inView = await wb.hoverStep(view, canvas, STEP);
      await page.mouse.move(5, 5);
      assert.deepEqual(Object.keys(inView), ORDER);

      await view.getByRole('button', { name: 'Export ▾' }).click();
      await view.getByRole('button', { name: 'HTML report…' }).click();
      const file = path.join(exports, 'seeds-report.html');
      const html = await saveAs(file);
      assert.match(html, /^<!doctype html>/);

      const context = await wb.browser.newContext({ offline: true, viewport: { width: 1100, height: 900 } });
      try {
        const report = await context.newPage();
        const problems = [];
        report.on('console', (msg) => msg.type() === 'error' && problems.push(msg.text()));
        report.on('pageerror', (e) => problems.push(e.message));
        report.on('request', (r) => !r.url().startsWith('file:') && problems.push(`request: ${r.url()}`));
        await report.goto(`file://${file}`);
        assert.match(await report.locator('body').textContent(), /dapo is ahead of drgrpo on MATH500/);
        const figure = report.locator('figure', { has: report.locator('text', { hasText: 'MATH500 · acc/mean@1' }) });
        assert.equal(await figure.locator('path.series').count(), 2);
        // Along the chart until the tooltip says the step.
        const svg = figure.locator('svg');
        await svg.scrollIntoViewIfNeeded();
        const box = await svg.boundingBox();
        const tip = report.locator('#tip');
        const stepAt = async (x) => {
          await report.mouse.move(box.x + x, box.y + box.height / 2);
          if (await tip.isHidden()) return undefined;
          return Number((await tip.locator('div').first().textContent()).replace('Step ', ''));
        };
        let [lo, hi] = [0, box.width];
        let rows;
        for (let i = 0; i < 30 && !rows; i++) {
          const mid = (lo + hi) / 2;
          const shown = await stepAt(mid);
          if (shown === STEP) rows = await tip.locator('div').allTextContents();
          else if (shown === undefined || shown < STEP) lo = mid;
          else hi = mid;
        }
        assert.ok(rows, `no place on the report's chart shows step ${STEP}`);
        await report.screenshot({ path: path.join(wb.shots, 'report-offline-hover.png') });
        const inReport = Object.fromEntries(
          rows.slice(1).map((r) => {
            const at = r.lastIndexOf(': ');
            return [r.slice(0, at), Number(r.slice(at + 2))];
          }),
        );
        assert.equal(rows[0], `Step ${STEP}`);
        assert.deepEqual(inReport, inView);
        assert.deepEqual(problems, []);
      } finally {
        await context.close();
      }
    },
  );

  it("the palette's Compare Methods opens the panel of the active view", { timeout: 60_000 }, async () => {
    const panel = view.getByRole('region', { name: 'Compare methods' });
    assert.equal(await panel.isVisible(), false);
    await wb.runCommand('Training Curves: Compare Methods');
    await panel.waitFor();
    await panel.locator('.tc-sentences p').first().waitFor();
    assert.equal(await view.getByRole('button', { name: 'Compare methods' }).getAttribute('aria-pressed'), 'true');
  });

  it('logs no CSP violation and no uncaught error', { timeout: 60_000 }, async () => {
    await wb.assertCleanConsole();
  });
});
