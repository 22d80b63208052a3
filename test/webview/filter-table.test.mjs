// The toolbar's filter and table view: what they show, and that live data and a reload keep them.
import assert from 'node:assert/strict';
import { fixtures, suite, test } from './harness.mjs';

const { FIGURE1_AT_160, LOGS, MATH500: FIG1, view } = fixtures;

suite('filter and table', () => {
  test('shows the filter box’s placeholder whole, with the full hint as its tooltip', async (v) => {
    await v.post(view([LOGS.grpo, LOGS.mel]));
    const box = v.page.locator('.tc-filter');
    assert.match(await box.getAttribute('title'), /regular expression in \/…\//);
    // The placeholder's text, as wide as the box draws it, fits inside the box's padding.
    const fits = await box.evaluate((input) => {
      const style = getComputedStyle(input);
      const g = document.createElement('canvas').getContext('2d');
      g.font = `${style.fontSize} ${style.fontFamily}`;
      const room = input.clientWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight);
      return { text: g.measureText(input.placeholder).width, room };
    });
    assert.ok(fits.text <= fits.room, `placeholder ${fits.text}px in ${fits.room}px`);
    await v.shot('toolbar', { clip: { x: 0, y: 0, width: 1280, height: 90 } });
  });

  test('filters charts by substring and by regular expression', async (v) => {
    await v.post(view([LOGS.grpo, LOGS.mel]));
    await v.setFilter('kl');
    assert.deepEqual(await v.visibleCardIds(), ['actor/kl_loss']);
    assert.deepEqual(await v.page.locator('h2:visible').allTextContents(), ['actor']);
    assert.equal(await v.page.locator('.tc-status').textContent(), '1 of 8 charts');
    await v.setFilter('/entropy|KL/');
    assert.deepEqual(await v.visibleCardIds(), ['actor/entropy_loss', 'actor/kl_loss']);
    await v.setFilter('^val');
    assert.deepEqual(await v.visibleCardIds(), [], 'without regex mode, ^ is literal');
    await v.toggle('.*').click();
    assert.deepEqual(await v.visibleCardIds(), ['val-core/AIME24/acc/mean@1', FIG1]);
    await v.setFilter('(');
    assert.equal(await v.page.locator('.tc-filter').getAttribute('aria-invalid'), 'true');
    assert.match(await v.page.locator('.tc-status').textContent(), /Invalid regular expression/);
    await v.toggle('.*').click();
    await v.setFilter('');
    assert.equal((await v.visibleCardIds()).length, 8);
  });

  test('draws a chart that arrives while the filter hides it once the filter shows it', async (v) => {
    await v.post(view([LOGS.grpo, LOGS.mel]));
    await v.setFilter('MATH500');
    // Both trainers start logging a new metric: its chart arrives with the next data.
    const klCoef = (base) =>
      Array.from({ length: 10 }, (_, i) => `{"step": ${141 + i}, "actor/kl_coef": ${base + 0.01 * i}}\n`).join('');
    await v.post(
      view([
        { file: LOGS.grpo, appended: klCoef(0.1) },
        { file: LOGS.mel, appended: klCoef(0.2) },
      ]),
    );
    assert.deepEqual(await v.visibleCardIds(), [FIG1]);
    await v.setFilter('');
    // Its canvas was added out of sight: it is laid out, labelled and drawn when the card is shown.
    assert.match(
      await v.canvas('actor/kl_coef').getAttribute('aria-label'),
      /^actor\/kl_coef: 2 series \(grpo, mel\), steps 141–150; lowest: grpo 0\.1 at step 141, mel 0\.2 at step 141$/,
    );
    assert.ok((await v.countColour('actor/kl_coef', await v.runColour('grpo'))) > 20, 'grpo drawn');
  });

  test('shows the data as tables, capped for long series', async (v) => {
    const message = view([LOGS.grpo, LOGS.mel, LOGS.mmlu]);
    await v.post(message);
    await v.toggle('Table').click();
    const fig1 = v.card(FIG1);
    const rows = await fig1
      .locator('tbody tr')
      .evaluateAll((trs) => trs.map((tr) => [...tr.cells].map((c) => c.textContent)));
    assert.deepEqual(await fig1.locator('thead th').allTextContents(), ['Step', 'grpo', 'mel']);
    assert.equal(rows.length, 13, 'one row per step of either run');
    assert.deepEqual(
      rows.find((r) => r[0] === '120'),
      ['120', '0.82', '0.84'],
    );
    assert.deepEqual(
      rows.find((r) => r[0] === '30'),
      ['30', '', '0.76'],
    );
    await v.shot('table', {}, fig1);
    // actor/pg_loss: every step of the long run (as the host sampled it), and GRPO's and MEL's 0–140.
    const long = v.card('actor/pg_loss');
    const steps = new Set(message.charts.find((c) => c.id === 'actor/pg_loss').series.flatMap((s) => [...s.x])).size;
    assert.ok(steps > 700, `${steps} steps`);
    assert.equal(await long.locator('tbody tr').count(), 500);
    assert.match(await long.locator('.tc-note').textContent(), new RegExp(`first 500 of ${steps} rows`));
    // A NaN reads "—": test/fixtures/malformed.metrics.jsonl's actor/kl_loss at step 9.
    await v.post(view([LOGS.malformed]));
    assert.deepEqual(await v.card('actor/kl_loss').locator('tbody tr').nth(9).locator('th, td').allTextContents(), [
      '9',
      '—',
    ]);
    await v.toggle('Table').click();
    assert.equal(await v.page.locator('table').count(), 0);
  });

  test('updates charts in place on live data without losing the filter or table', async (v) => {
    await v.post(view([LOGS.grpo, LOGS.mel]));
    await v.setFilter('MATH500');
    await v.toggle('Table').click();
    const canvas = await v.canvas(FIG1).elementHandle();
    await v.post(view(FIGURE1_AT_160));
    assert.equal(await v.page.locator('.tc-filter').inputValue(), 'MATH500');
    assert.deepEqual(await v.visibleCardIds(), [FIG1]);
    assert.equal(
      await v.canvas(FIG1).getAttribute('aria-label'),
      `${FIG1}: 2 series (grpo, mel), steps 0–160; highest: grpo 0.83 at step 160, mel 0.85 at step 160`,
    );
    assert.ok(await canvas.evaluate((c) => c.isConnected), 'the same canvas is still in the page');
    assert.match(await v.hoverStep(FIG1, 160), /grpo\s+0\.83[\s\S]*mel\s+0\.85/);
    assert.equal(await v.card(FIG1).locator('tbody tr').count(), 14);
  });

  test('restores the filter and table toggle after the webview is hidden and shown', async (v) => {
    await v.post(view([LOGS.grpo, LOGS.mel]));
    await v.setFilter('MATH500');
    await v.toggle('Table').click();
    await v.open();
    assert.equal(await v.page.locator('.tc-filter').inputValue(), 'MATH500');
    assert.equal(await v.toggle('Table').getAttribute('aria-pressed'), 'true');
    await v.post(view([LOGS.grpo, LOGS.mel]));
    assert.deepEqual(await v.visibleCardIds(), [FIG1]);
    assert.equal(await v.card(FIG1).locator('table').count(), 1);
  });
});
