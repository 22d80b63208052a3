// The summary: last and best value per run and metric, the value at a chosen step and the first step
// reaching a threshold (both computed by the host), sorting, and copying or exporting it.
import assert from 'node:assert/strict';
import { fixtures, suite, test } from './harness.mjs';

const { LOGS, view } = fixtures;

suite('summary', () => {
  test('summarises the last and best value per run and metric, sorts, and copies as Markdown and CSV', async (v) => {
    // Figure 5's two runs: a score, and two losses (better low).
    await v.post(view([LOGS.seriesA, LOGS.seriesB]));
    await v.toggle('Summary').click();
    assert.deepEqual((await v.summaryRows()).slice(0, 2), [
      ['eval/math-eval/accuracy/mean', 'series-a', '0.32', '0.35 (max)', '15'],
      ['eval/math-eval/accuracy/mean', 'series-b', '0.31', '0.35 (max)', '10'],
    ]);
    await v.setFilter('actor');
    assert.deepEqual(
      (await v.summaryRows()).map((r) => r[0]),
      ['actor/entropy_loss', 'actor/entropy_loss', 'actor/kl_loss', 'actor/kl_loss'],
    );
    await v.page.locator('.tc-sort', { hasText: 'Best' }).first().click();
    assert.equal(await v.page.locator('.tc-summary th[aria-sort=descending]').textContent(), 'Best ▾');
    // Losses are better low: entropy_loss A is lowest (0.05) at step 10, B at the end.
    assert.deepEqual(
      (await v.summaryRows()).map((r) => [r[1], r[3], r[4]]),
      [
        ['series-a', '0.05 (min)', '10'],
        ['series-b', '0.02 (min)', '30'],
        ['series-a', '0 (min)', '0'],
        ['series-b', '0 (min)', '0'],
      ],
    );
    await v.shot('summary', { clip: { x: 0, y: 0, width: 1280, height: 360 } });
    const since = await v.postedCount();
    await v.page.locator('.tc-summary button', { hasText: 'Copy as Markdown' }).click();
    const md = await v.lastPosted('copy', since);
    assert.match(
      md.text,
      /^\| Metric \| Run \| Last \| Best \| Best step \|\n\| :--- \| :--- \| ---: \| ---: \| ---: \|\n\| actor\/entropy_loss \| series-a \| 0\.1133 \| 0\.05 \(min\) \| 10 \|\n/,
    );
    await v.page.locator('.tc-summary button', { hasText: 'Copy as CSV' }).click();
    const csv = await v.lastPosted('copy', since + 1);
    assert.equal(csv.text.split('\n')[0], 'metric,run,last,last_step,best,best_step,goal');
    assert.equal(csv.text.split('\n')[1], 'actor/entropy_loss,series-a,0.1133,30,0.05,10,min');
    await v.page.locator('.tc-summary button', { hasText: 'Export all data as CSV' }).click();
    assert.deepEqual(await v.lastPosted('exportCsv', since + 2), { type: 'exportCsv', resolution: 'full' });
    await v.page.locator('.tc-summary button', { hasText: 'Export as shown' }).click();
    assert.deepEqual(await v.lastPosted('exportCsv', since + 3), { type: 'exportCsv', resolution: 'shown' });
  });

  test('adds the value at a chosen step and the step reaching a threshold to the summary, sorted and copied', async (v) => {
    const FIGURE1 = [LOGS.grpo, LOGS.mel];
    await v.post(view(FIGURE1));
    await v.toggle('Summary').click();
    await v.setFilter('MATH500');
    const headers = () => v.page.locator('.tc-summary thead th').allTextContents();
    assert.deepEqual(await headers(), ['Metric', 'Run', 'Last', 'Best', 'Best step']);
    const since = await v.postedCount();
    await v.page.getByLabel('At step', { exact: true }).fill('30');
    await v.page.getByLabel('At step', { exact: true }).press('Enter');
    assert.equal((await v.lastPosted('settings', since)).settings.summaryStep, 30);
    await v.page.getByLabel('Threshold', { exact: true }).fill('0.8');
    await v.page.getByLabel('Threshold', { exact: true }).press('Enter');
    const sent = (await v.lastPosted('settings', since + 1)).settings;
    assert.deepEqual([sent.summaryStep, sent.threshold], [30, 0.8]);

    await v.post(view(FIGURE1, { settings: { summaryStep: 30, threshold: 0.8 } }));
    assert.deepEqual(await headers(), ['Metric', 'Run', 'Last', 'Best', 'Best step', 'At step 30', 'Reaches 0.8 at']);
    // GRPO logged nothing at 30: its value is step 20's. GRPO first reaches 0.8 at 60, MEL (0.805) at 50.
    assert.deepEqual(
      (await v.summaryRows()).map((r) => r.slice(1)),
      [
        ['grpo', '0.82', '0.82 (max)', '120', '0.77 (step 20)', '60'],
        ['mel', '0.82', '0.84 (max)', '120', '0.76', '50'],
      ],
    );
    await v.page.locator('.tc-sort', { hasText: 'Reaches' }).click();
    await v.page.locator('.tc-sort', { hasText: 'Reaches' }).click();
    assert.deepEqual(
      (await v.summaryRows()).map((r) => [r[1], r[6]]),
      [
        ['mel', '50'],
        ['grpo', '60'],
      ],
    );
    await v.shot('summary-asks', { clip: { x: 0, y: 0, width: 1280, height: 300 } });
    await v.page.locator('.tc-summary button', { hasText: 'Copy as Markdown' }).click();
    const md = (await v.lastPosted('copy', since + 2)).text.split('\n');
    assert.equal(md[0], '| Metric | Run | Last | Best | Best step | At step 30 | Reaches 0.8 at |');
    assert.equal(md[2], '| val-core/MATH500/acc/mean@1 | mel | 0.82 | 0.84 (max) | 120 | 0.76 | 50 |');
    await v.page.locator('.tc-summary button', { hasText: 'Copy as CSV' }).click();
    const csv = (await v.lastPosted('copy', since + 3)).text.split('\n');
    assert.equal(csv[0], 'metric,run,last,last_step,best,best_step,goal,at_30,at_30_step,reaches_0.8_step');
    assert.equal(csv[2], 'val-core/MATH500/acc/mean@1,grpo,0.82,140,0.82,120,max,0.77,20,60');
    // Emptied, the columns go, and the host is no longer asked for them.
    await v.page.getByLabel('At step', { exact: true }).fill('');
    await v.page.getByLabel('At step', { exact: true }).press('Enter');
    await v.page.getByLabel('Threshold', { exact: true }).fill('');
    await v.page.getByLabel('Threshold', { exact: true }).press('Enter');
    const cleared = (await v.lastPosted('settings', since + 4)).settings;
    assert.deepEqual([cleared.summaryStep, cleared.threshold], [undefined, undefined]);
    assert.deepEqual(await headers(), ['Metric', 'Run', 'Last', 'Best', 'Best step']);
  });
});
