// Paper-ready exports (issue #16) from what the page draws: a chart, a section or every chart shown as one
// SVG figure (text as text, one path per visible series, the runs' colours, smoothing as drawn), and the
// view as a self-contained HTML report with the methods comparison.
import assert from 'node:assert/strict';
import path from 'node:path';
import { fixtures, suite, test } from './harness.mjs';
import { centreOf, LEGEND_BAND } from './pixels.mjs';
import { ROOT } from './tsModule.mjs';

const { LOGS, MATH500, methods, view } = fixtures;
const RUNS = ['drgrpo-seed1', 'drgrpo-seed2', 'drgrpo-seed3', 'dapo-seed1', 'dapo-seed2', 'dapo-seed3'];
const SHOTS = path.join(ROOT, 'test-results', 'webview');

/** The SVG as a browser reads it: whether it parsed, its texts, its series and bands (with their d), its charts. */
function readSvg(v, text) {
  return v.page.evaluate((svg) => {
    const doc = new DOMParser().parseFromString(svg, 'image/svg+xml');
    return {
      root: doc.documentElement.localName,
      errors: doc.getElementsByTagName('parsererror').length,
      texts: [...doc.querySelectorAll('text')].map((t) => t.textContent),
      series: [...doc.querySelectorAll('path.series')].map((p) => ({
        label: p.querySelector('title').textContent,
        stroke: p.getAttribute('stroke'),
        d: p.getAttribute('d'),
      })),
      bands: doc.querySelectorAll('path.band').length,
      charts: doc.querySelectorAll('g.chart').length,
    };
  }, text);
}

/** Clicks a card's SVG button and reads the file the page sends. */
async function chartSvg(v, id) {
  const since = await v.postedCount();
  await v
    .card(id)
    .getByRole('button', { name: `Save ${id} as SVG` })
    .click();
  const sent = await v.lastPosted('exportFile', since);
  assert.equal(sent.format, 'svg');
  return { sent, svg: await readSvg(v, sent.text) };
}

suite('export', () => {
  test('a chart as SVG: the metric and every run as text, one path per series as drawn, smoothing included', async (v) => {
    await v.post(view(LOGS.seeds));
    const { sent, svg } = await chartSvg(v, MATH500);
    assert.equal(sent.name, 'val-core_MATH500_acc_mean_1.svg');
    assert.deepEqual([svg.root, svg.errors, svg.charts], ['svg', 0, 1]);
    for (const text of ['MATH500 · acc/mean@1', 'acc/mean@1', 'Step', ...RUNS])
      assert.ok(svg.texts.includes(text), text);
    assert.deepEqual(
      svg.series.map((s) => s.label),
      RUNS,
    );
    // In the runs' colours (the light theme's blue is dark enough for paper as it is).
    assert.equal(svg.series[0].stroke.toLowerCase(), (await v.runColour('drgrpo-seed1')).toLowerCase());
    // Each series is drawn from step 0 to 150 (dapo-seed3 to 120) with a point every 10 steps.
    assert.equal(svg.series[0].d.split('L').length, 16);
    assert.equal(svg.series[5].d.split('L').length, 13);

    // With smoothing, the smoothed line is what is drawn and exported.
    await v.post(view(LOGS.seeds, { settings: { smoothing: { kind: 'ema', weight: 0.8 } } }));
    const smoothed = (await chartSvg(v, MATH500)).svg;
    assert.equal(smoothed.series.length, 6, 'the faint raw copies are not series of their own');
    assert.notEqual(smoothed.series[0].d, svg.series[0].d);
  });

  test('seed groups with bands; a run hidden in the legend leaves the figure; a section and the view as grids', async (v) => {
    await v.post(view(LOGS.seeds));
    await v.page.getByLabel('Seeds', { exact: true }).selectOption('minmax');
    await v.post(view(LOGS.seeds, { settings: { groups: 'minmax' } }));
    let { svg, sent } = await chartSvg(v, MATH500);
    assert.deepEqual(
      svg.series.map((s) => s.label),
      ['drgrpo (3 seeds)', 'dapo (3 seeds)'],
    );
    assert.equal(svg.bands, 2);
    const page = await v.context.newPage();
    await page.setContent(`<body style="margin:0;background:#fff">${sent.text}</body>`);
    await page.screenshot({ path: path.join(SHOTS, 'export-chart-svg.png') });
    await page.close();

    // dapo's legend item, by its colour above the plot.
    const dapo = await v.runColour('dapo (3 seeds)');
    const marker = await centreOf(v.canvas(MATH500), dapo, LEGEND_BAND + 6);
    assert.ok(marker, 'dapo’s legend marker');
    const box = await v.canvas(MATH500).boundingBox();
    await v.page.mouse.click(box.x + marker.x, box.y + marker.y);
    await v.leave();
    ({ svg } = await chartSvg(v, MATH500));
    assert.deepEqual(
      svg.series.map((s) => s.label),
      ['drgrpo (3 seeds)'],
    );
    assert.equal(svg.bands, 1);
    assert.ok(!svg.texts.includes('dapo (3 seeds)'), 'nor in the legend');

    // The section's button: its charts under its name.
    let since = await v.postedCount();
    await v.page.getByRole('button', { name: 'Save the MATH500 charts as SVG' }).click();
    sent = await v.lastPosted('exportFile', since);
    svg = await readSvg(v, sent.text);
    assert.equal(sent.name, 'MATH500.svg');
    assert.equal(svg.charts, 1);
    assert.equal(svg.texts[0], 'MATH500');

    // The Export menu by keyboard: every chart the filter shows, in one grid.
    await v.setFilter('actor');
    const shown = (await v.visibleCardIds()).length;
    const opener = v.page.getByRole('button', { name: 'Export ▾' });
    await opener.focus();
    await v.page.keyboard.press('Enter');
    assert.equal(await opener.getAttribute('aria-expanded'), 'true');
    assert.equal(await v.page.evaluate(() => document.activeElement.textContent), 'Charts as SVG…');
    since = await v.postedCount();
    await v.page.keyboard.press('Enter');
    assert.equal(await opener.getAttribute('aria-expanded'), 'false');
    sent = await v.lastPosted('exportFile', since);
    svg = await readSvg(v, sent.text);
    assert.equal(svg.charts, shown);
    assert.equal(svg.series.length, shown, 'one visible group in each chart');
    const grid = await v.context.newPage();
    await grid.setContent(`<body style="margin:0;background:#fff">${sent.text}</body>`);
    await grid.screenshot({ path: path.join(SHOTS, 'export-grid-svg.png'), fullPage: true });
    await grid.close();
    // Escape closes the menu and gives the focus back.
    await v.page.keyboard.press('Enter');
    await v.page.keyboard.press('Escape');
    assert.equal(await opener.getAttribute('aria-expanded'), 'false');
    assert.equal(await v.page.evaluate(() => document.activeElement.textContent), 'Export ▾');
  });

  test('the view as an HTML report: charts, the methods comparison and its sentences', async (v) => {
    await v.post(view(LOGS.seeds));
    await v.setFilter('MATH500');
    let since = await v.postedCount();
    await v.page.getByRole('button', { name: 'Export ▾' }).click();
    await v.page.getByRole('button', { name: 'HTML report…' }).click();
    // The panel is closed: the page asks the host once, without following.
    const asked = await v.lastPosted('compareMethods', since);
    assert.deepEqual(asked, { type: 'compareMethods', ask: { k: 3 }, follow: false });
    since = await v.postedCount();
    await v.post(methods(LOGS.seeds, asked.ask));
    const sent = await v.lastPosted('exportFile', since);
    assert.equal(sent.format, 'html');
    assert.match(sent.name, /-report\.html$/);
    const report = await v.context.newPage();
    await report.setContent(sent.text);
    assert.equal(await report.locator('figure svg path.series').count(), 6);
    assert.match(await report.locator('p').nth(1).textContent(), /^dapo is ahead of drgrpo on MATH500/);
    assert.deepEqual(await report.locator('table').first().locator('tbody td:first-child').allTextContents(), [
      'drgrpo',
      'dapo',
    ]);
    assert.match(await report.locator('table').nth(1).textContent(), /drgrpo vs dapo/);
    await report.close();
  });
});
