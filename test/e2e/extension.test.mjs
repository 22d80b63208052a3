// End-to-end: the packaged VSIX installed into code-server (a real VS Code workbench in Chromium), driven
// the way a user would: quick open, hover, command palette. Needs `node scripts/setup-e2e.mjs` (run by
// `before` too) and `npm run build && npm run package` first. Run: node --test test/e2e/
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ROOT } from '../../scripts/codeserver.mjs';
import { Workbench, poll, readSample, readTfEvents, readTrainerState } from './workbench.mjs';

/** Benchmarks named in a sample's metric names, by the rule in docs/format.md (`val/<bench>/…` and kin). */
const BENCHMARK_PREFIX = /^(?:val|val-core|val-aux|eval|test)\/([^/]+)\//;
const TF_EVENTS = 'formats/tensorboard/ppo/events.out.tfevents.1718000000.node1.4242.0';
const TRAINER_STATE = 'formats/hf/trl-grpo/checkpoint-140/trainer_state.json';

/**
 * The sidebar's methods of a JSON-lines log (docs/format.md, "Runs"): a line's `run`, `method` and `seed`
 * fields pick its run; a run is listed under its method, else under its name (the `run` field or the
 * file's name) without a seed suffix.
 */
function methodsOf(text, fileRun) {
  const methods = new Set();
  const field = (value) => (typeof value === 'string' || Number.isFinite(value) ? String(value) : undefined);
  for (const line of text.split('\n')) {
    let fields;
    try {
      // Python's NaN and Infinity as any number: only the run fields matter here.
      fields = JSON.parse(line.replace(/-?\bInfinity\b|\bNaN\b/g, '0'));
    } catch {
      continue;
    }
    if (fields === null || typeof fields !== 'object' || Array.isArray(fields)) continue;
    const [run, method] = [field(fields.run), field(fields.method)];
    // Seeds of one method are one method, by `method` or by a name that differs only by its seed (docs/format.md).
    methods.add(method ?? (run ?? fileRun).replace(/[-_.](?:seed[-_]?|s)\d+$/i, ''));
  }
  return methods;
}

describe('Training Curves in code-server', () => {
  let wb;
  let page;
  let workspace;

  // A cold setup installs code-server (a few minutes); with the cache it takes seconds.
  before(
    async () => {
      // The demo samples, and next to them the test-only logs of bad and hostile input.
      const fixture = (name) => ({ source: path.join(ROOT, 'test', 'fixtures', name) });
      wb = await Workbench.open('main', {
        '.': { source: path.join(ROOT, 'samples') },
        'malformed.metrics.jsonl': fixture('malformed.metrics.jsonl'),
        'hostile.metrics.jsonl': fixture('hostile.metrics.jsonl'),
      });
      ({ page, workspace } = wb);
    },
    { timeout: 20 * 60_000 },
  );

  after(() => wb?.close());

  it('opens a *.metrics.jsonl in the chart editor with one chart per metric', { timeout: 60_000 }, async () => {
    const file = 'series-a.metrics.jsonl';
    const sample = readSample(fs.readFileSync(path.join(workspace, file), 'utf8'));
    const view = await wb.openCharts(file);
    await wb.shot('series-a-opened');

    // The custom editor replaced the text editor for this file.
    assert.equal(await page.locator('.editor-group-container.active .monaco-editor').count(), 0);
    const charted = await view
      .locator('.tc-card')
      .evaluateAll((cards) => cards.map((c) => c.getAttribute('aria-label')));
    assert.deepEqual(charted.toSorted(), [...sample.all].sort());
    assert.equal(await view.locator('.tc-card canvas').count(), sample.all.size);
  });

  it('hovering a chart shows the step and the value logged at that step', { timeout: 60_000 }, async () => {
    const file = 'series-a.metrics.jsonl';
    const sample = readSample(fs.readFileSync(path.join(workspace, file), 'utf8'));
    const metric = Object.keys(sample.rows[0].metrics)[0];
    const view = await wb.webviewFor(file);
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
      assert.ok(
        Math.abs(shown - expected) <= 1e-5 * Math.abs(expected),
        `step ${step}: tooltip shows ${shown}, file has ${expected}`,
      );
      seen.push(step);
      await wb.shot(`hover-step-${step}`);
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
    await wb.shot('command-palette');
    await page.keyboard.press('Escape');
    await page.locator('.quick-input-widget').waitFor({ state: 'hidden' });
  });

  it(
    'reports skipped lines by number and still plots the good lines of a malformed log',
    { timeout: 60_000 },
    async () => {
      const file = 'malformed.metrics.jsonl';
      const sample = readSample(fs.readFileSync(path.join(workspace, file), 'utf8'));
      assert.ok(sample.skipped.length > 0, `${file} should contain lines that are not JSON objects`);
      const view = await wb.openCharts(file);
      await wb.shot('malformed-opened');

      const banner = view.locator('.tc-banner.tc-warning');
      await banner.waitFor({ state: 'visible' });
      const text = await banner.textContent();
      assert.match(text, new RegExp(`\\b${sample.skipped.length} lines? skipped`));
      const listed = [...text.matchAll(/\bline (\d+)/g)].map((m) => Number(m[1]));
      assert.deepEqual(listed, sample.skipped);
      if (sample.pending !== undefined) assert.match(text, new RegExp(`Line ${sample.pending} is incomplete`));

      const charted = await view
        .locator('.tc-card')
        .evaluateAll((cards) => cards.map((c) => c.getAttribute('aria-label')));
      for (const name of sample.finite)
        assert.ok(charted.includes(name), `no chart for ${name}; charts: ${charted.join(', ')}`);
      for (const name of charted)
        assert.ok(sample.all.has(name), `chart for ${name}, which is not a metric of ${file}`);
      assert.equal(await view.locator('.tc-card canvas').count(), charted.length);
    },
  );

  it(
    'names with HTML or script in them show as literal text in the view and the sidebar, and nothing runs',
    { timeout: 90_000 },
    async () => {
      const file = 'hostile.metrics.jsonl';
      const text = fs.readFileSync(path.join(workspace, file), 'utf8');
      const sample = readSample(text);
      const run = JSON.parse(text.split('\n')[0]).run;
      const markup = ['<img src=x onerror=alert(1)>', '<svg onload=alert(1)>', '</script><script>alert(1)</script>'];
      const dialogs = [];
      const onDialog = (dialog) => {
        dialogs.push(dialog.message());
        void dialog.dismiss();
      };
      page.on('dialog', onDialog);
      try {
        const view = await wb.openCharts(file);

        // One chart per metric, named exactly as in the file; the headings spell the markup out.
        const cards = await view
          .locator('.tc-card')
          .evaluateAll((els) =>
            els.map((c) => ({ id: c.getAttribute('aria-label'), heading: c.querySelector('.tc-card-title').title })),
          );
        assert.deepEqual(cards.map((c) => c.id).sort(), [...sample.all].sort());
        for (const card of cards) assert.equal(card.heading, card.id);
        const headings = await view.locator('.tc-section-title, .tc-card-title').allTextContents();
        for (const literal of markup)
          assert.ok(headings.includes(literal), `no heading reads ${literal}; headings: ${headings.join(' | ')}`);

        // The run, named by the file's `run` field, in the tooltip.
        const metric = [...sample.all].find((name) => name.includes('<img'));
        const values = await wb.hoverStep(view, view.locator(`.tc-card[aria-label="${metric}"] canvas`), 2);
        assert.deepEqual(values, { [run]: sample.rows.find((r) => r.step === 2).metrics[metric] });
        await wb.shot('hostile-tooltip');
        await page.mouse.move(5, 5);

        // The data tables: captioned by metric, one column per run.
        await view.getByRole('button', { name: 'Table', exact: true }).click();
        await poll(async () => (await view.locator('.tc-card .tc-table').count()) === sample.all.size, {
          what: 'a table per chart',
        });
        const tables = await view.locator('.tc-card .tc-table').evaluateAll((els) =>
          els.map((t) => ({
            caption: t.caption.textContent,
            columns: [...t.tHead.rows[0].cells].map((c) => c.textContent),
          })),
        );
        assert.deepEqual(tables.map((t) => t.caption).sort(), [...sample.all].sort());
        for (const table of tables) assert.deepEqual(table.columns, ['Step', run]);
        await wb.shot('hostile-tables');
        await view.getByRole('button', { name: 'Table', exact: true }).click();

        // Nothing in the page became markup: no element the names describe, no event-handler attribute,
        // no script of theirs (VS Code injects one inline script of its own, the API shim).
        const injected = await view.evaluate(() => ({
          elements: [...document.querySelectorAll('img, svg, b, iframe, object, embed')].map((e) => e.outerHTML),
          handlers: [...document.querySelectorAll('*')]
            .filter((e) => [...e.attributes].some((a) => a.name.startsWith('on')))
            .map((e) => e.outerHTML),
          scripts: [...document.scripts].map((s) => s.outerHTML).filter((html) => html.includes('alert(')),
        }));
        assert.deepEqual(injected, { elements: [], handlers: [], scripts: [] });

        // The sidebar: the benchmarks and the method named with markup are rows labelled with that text.
        await page.locator('.activitybar [aria-label^="Training Curves"]').first().click();
        const tree = page.locator('.pane-body', { has: page.locator('.monaco-list-row', { hasText: 'Benchmarks' }) });
        const labels = tree.locator('.monaco-list-row .label-name');
        await poll(
          async () => {
            const shown = await labels.allTextContents();
            return ['<img src=x onerror=alert(1)>', '<svg onload=alert(1)>', run].every((name) => shown.includes(name));
          },
          { what: 'sidebar rows named with the markup' },
        );
        await wb.shot('hostile-sidebar');
        const workbenchInjected = await page.evaluate(() =>
          [...document.querySelectorAll('img[src="x"], [onerror], [onload], [onmouseover]')].map((e) => e.outerHTML),
        );
        assert.deepEqual(workbenchInjected, []);
        await page.locator('.activitybar [aria-label^="Explorer"]').first().click();

        assert.deepEqual(dialogs, []);
        assert.deepEqual(wb.problems(), []);
      } finally {
        page.off('dialog', onDialog);
      }
    },
  );

  it(
    'the summary copies as Markdown and CSV; a chart saves as PNG and the data as CSV where the user says',
    { timeout: 90_000 },
    async () => {
      const file = 'series-a.metrics.jsonl';
      const runName = 'series-a';
      const sample = readSample(fs.readFileSync(path.join(workspace, file), 'utf8'));
      const last = {};
      for (const row of sample.rows) {
        for (const [name, value] of Object.entries(row.metrics))
          if (Number.isFinite(value)) last[name] = { step: row.step, value };
      }
      const view = await wb.openCharts(file);
      const summary = view.getByRole('button', { name: 'Summary', exact: true });
      if ((await summary.getAttribute('aria-pressed')) !== 'true') await summary.click();
      await wb.shot('summary');

      // The host puts the text on the clipboard: in code-server that is the browser's.
      const clipboard = (prefix) =>
        poll(
          async () => {
            const text = await page.evaluate(() => navigator.clipboard.readText());
            return text.startsWith(prefix) && text;
          },
          { what: `clipboard starting with ${prefix}` },
        );

      await view.getByRole('button', { name: 'Copy as Markdown' }).click();
      const markdown = (await clipboard('| Metric |'))
        .trimEnd()
        .split('\n')
        .slice(2)
        .map((l) => l.slice(2, -2).split(' | '));
      assert.deepEqual(markdown.map((cells) => cells[0]).sort(), Object.keys(last).sort());
      for (const [metric, run, shown] of markdown) {
        assert.equal(run, runName);
        // Markdown has the values as shown: six significant digits.
        assert.ok(
          Math.abs(Number(shown) - last[metric].value) <= 1e-5 * Math.abs(last[metric].value),
          `${metric}: ${shown} vs ${last[metric].value}`,
        );
      }

      await view.getByRole('button', { name: 'Copy as CSV' }).click();
      const csv = (await clipboard('metric,run,last,last_step'))
        .trimEnd()
        .split('\n')
        .slice(1)
        .map((l) => l.split(','));
      assert.deepEqual(
        Object.fromEntries(
          csv.map(([metric, run, value, step]) => [metric, { run, step: Number(step), value: Number(value) }]),
        ),
        Object.fromEntries(Object.entries(last).map(([metric, point]) => [metric, { run: runName, ...point }])),
      );

      const saveAs = (target) => wb.saveAs(target);

      const metric = Object.keys(last)[0];
      const canvas = view.locator(`.tc-card[aria-label="${metric}"] canvas`);
      const size = await canvas.evaluate((c) => [c.width, c.height]);
      await view.getByRole('button', { name: `Save ${metric} as PNG` }).click();
      // Outside the workspace, where an exported CSV would be found as one more log.
      const exports = fs.mkdtempSync(path.join(os.tmpdir(), 'tc-e2e-exports-'));
      const png = await saveAs(path.join(exports, 'exported-chart.png'));
      assert.deepEqual([...png.subarray(0, 8)], [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
      // The IHDR chunk's width and height: the chart at the canvas' resolution.
      assert.deepEqual([png.readUInt32BE(16), png.readUInt32BE(20)], size);

      await view.getByRole('button', { name: 'Export all data as CSV…' }).click();
      const data = (await saveAs(path.join(exports, 'exported-data.csv'))).toString('utf8').trimEnd().split('\n');
      assert.equal(data[0], 'run,metric,step,value');
      const expected = sample.rows.flatMap((row) =>
        Object.entries(row.metrics).map(([name, v]) => `${runName},${name},${row.step},${v}`),
      );
      assert.deepEqual(data.slice(1).sort(), expected.sort());

      // As shown: the points the charts draw. This log is short enough that every point is drawn, unsmoothed.
      await view.getByRole('button', { name: 'Export as shown…' }).click();
      const shown = (await saveAs(path.join(exports, 'exported-shown.csv'))).toString('utf8').trimEnd().split('\n');
      fs.rmSync(exports, { recursive: true });
      assert.equal(shown[0], 'chart,series,step,value,smoothed,band_lower,band_upper');
      const drawn = sample.rows.flatMap((row) =>
        Object.entries(row.metrics).map(([name, v]) => `${name},${runName},${row.step},${v},,,`),
      );
      assert.deepEqual(shown.slice(1).sort(), drawn.sort());
      await summary.click();
    },
  );

  it('the sidebar lists the benchmarks and methods of the workspace logs', { timeout: 60_000 }, async () => {
    // Every log in the workspace, in any folder, as the sidebar finds them: the JSON-lines logs, and one
    // run per log in another format (samples/README.md, "Other formats").
    const files = fs.readdirSync(workspace, { recursive: true }).filter((f) => f.endsWith('.metrics.jsonl'));
    const otherFormats = {
      ppo: readTfEvents(fs.readFileSync(path.join(workspace, TF_EVENTS))),
      'trl-grpo': readTrainerState(fs.readFileSync(path.join(workspace, TRAINER_STATE), 'utf8')),
    };
    const methods = new Set(Object.keys(otherFormats));
    const benchmarks = new Set();
    const addBenchmarks = (names) => {
      for (const name of names) {
        const match = BENCHMARK_PREFIX.exec(name);
        if (match) benchmarks.add(match[1]);
      }
    };
    for (const file of files) {
      const text = fs.readFileSync(path.join(workspace, file), 'utf8');
      addBenchmarks(readSample(text).all);
      for (const method of methodsOf(text, path.basename(file, '.metrics.jsonl'))) methods.add(method);
    }
    for (const sample of Object.values(otherFormats)) addBenchmarks(sample.all);
    await page.locator('.activitybar [aria-label^="Training Curves"]').first().click();
    const tree = page.locator('.pane-body', { has: page.locator('.monaco-list-row', { hasText: 'Benchmarks' }) });
    const row = (text) =>
      tree.locator('.monaco-list-row').filter({
        has: page.locator('.label-name', { hasText: new RegExp(`^${text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`) }),
      });
    await row('Benchmarks').waitFor({ timeout: 30_000 });
    await wb.shot('sidebar');
    assert.equal(Number(await row('Benchmarks').locator('.label-description').textContent()), benchmarks.size);
    assert.equal(Number(await row('Methods').locator('.label-description').textContent()), methods.size);
    for (const name of ['MATH500', 'AIME24', 'math-eval']) await row(name).waitFor();
    for (const name of ['grpo', 'mel', 'series-a', ...Object.keys(otherFormats)]) await row(name).waitFor();

    // A benchmark's row opens the runs that have it, showing that benchmark's charts only.
    await row('MATH500').click();
    const view = await wb.webviewTitled(/^MATH500 — /);
    await wb.waitForCharts(view);
    await wb.shot('sidebar-math500');
    const charted = await view
      .locator('.tc-card')
      .evaluateAll((cards) => cards.map((c) => c.getAttribute('aria-label')));
    assert.ok(charted.length > 0);
    for (const name of charted)
      assert.equal(BENCHMARK_PREFIX.exec(name)?.[1], 'MATH500', `${name} is not a MATH500 metric`);
  });

  it(
    'Compare Runs from the palette shows two runs on one chart, and hover gives both values',
    { timeout: 90_000 },
    async () => {
      const metric = 'val-core/MATH500/acc/mean@1';
      const expected = {};
      for (const run of ['grpo', 'mel']) {
        const rows = readSample(fs.readFileSync(path.join(workspace, `${run}.metrics.jsonl`), 'utf8')).rows;
        expected[run] = rows.find((r) => r.step === 120 && metric in r.metrics).metrics[metric];
      }
      await wb.compareRuns(['grpo.metrics.jsonl', 'mel.metrics.jsonl']);
      const view = await wb.webviewTitled(/^Compare: grpo vs mel$/);
      await wb.waitForCharts(view);
      const values = await wb.hoverStep(view, view.locator(`.tc-card[aria-label="${metric}"] canvas`), 120);
      await wb.shot('compare-hover-120');
      assert.deepEqual(values, expected);
      await page.mouse.move(5, 5);
    },
  );

  it('a comparison comes back with its runs after the window reloads', { timeout: 90_000 }, async () => {
    // As a user reloads: through the workbench, which saves the open editors (and the webviews' state)
    // before it goes; a bare page reload can lose them when the machine is busy.
    const navigated = page.waitForEvent('framenavigated', {
      predicate: (frame) => frame === page.mainFrame(),
      timeout: 60_000,
    });
    await wb.runCommand('Developer: Reload Window');
    await navigated;
    await page
      .locator('.explorer-folders-view .monaco-list-row, .monaco-workbench .part.editor')
      .first()
      .waitFor({ timeout: 60_000 });
    const view = await wb.webviewTitled(/^Compare: grpo vs mel$/, 60_000);
    await wb.waitForCharts(view);
    await wb.shot('compare-after-reload');
    const legend = await view
      .locator('.tc-card[aria-label="val-core/MATH500/acc/mean@1"] canvas')
      .getAttribute('aria-label');
    assert.match(legend, /grpo/);
    assert.match(legend, /mel/);
  });

  it('logs no CSP violation and no uncaught error while the charts are used', { timeout: 60_000 }, async () => {
    await wb.assertCleanConsole();
  });
});
