// The methods panel (issue #16): offered when a view's runs form methods, it asks the host for the
// comparison (computed by the host's own code here, fixtures.methods) and shows each method's statistics
// over seeds, each pair's differences with 95% intervals, and sentences to copy; by mouse and by keyboard,
// kept with the view's state.
import assert from 'node:assert/strict';
import { fixtures, suite, test } from './harness.mjs';

const { LOGS, methods, view } = fixtures;

/** Cell texts of the panel's tables: method rows, then pair rows. */
function tableRows(v, which) {
  return v.page
    .locator(`.tc-methods table:nth-of-type(${which === 'methods' ? 1 : 2}) tbody tr`)
    .evaluateAll((trs) => trs.map((tr) => [...tr.cells].map((c) => c.textContent)));
}

/** Answers the panel's last ask as the host would, and returns that ask. */
async function answer(v, logs, since) {
  const { ask } = await v.lastPosted('compareMethods', since);
  await v.post(methods(logs, ask));
  return ask;
}

suite('methods', () => {
  test('compares the seed groups of samples/seeds: tables, intervals marked, sentences to copy and save', async (v) => {
    await v.post(view(LOGS.seeds));
    const toggle = v.toggle('Compare methods');
    assert.equal(await toggle.getAttribute('aria-pressed'), 'false');
    assert.equal(await v.page.locator('.tc-methods').isVisible(), false);
    const since = await v.postedCount();
    await toggle.click();
    const ask = await answer(v, LOGS.seeds, since);
    assert.deepEqual(ask, { k: 3 }, 'the host picks the metric');
    assert.equal(
      (await v.page.evaluate(() => window.__posted)).findLast((m) => m.type === 'compareMethods').follow,
      true,
    );
    const panel = v.page.getByRole('region', { name: 'Compare methods' });
    await panel.waitFor();
    assert.equal(await panel.getByLabel('Metric', { exact: true }).inputValue(), 'val-core/MATH500/acc/mean@1');
    assert.equal(await panel.locator('.tc-goal').textContent(), 'higher is better');
    assert.deepEqual(await panel.locator('table').first().locator('thead th').allTextContents(), [
      'Method',
      'Seeds',
      'Final (last 3)',
      'Best',
      'Step of best',
      'AUC (steps 0–120)',
    ]);
    const rows = await tableRows(v, 'methods');
    assert.deepEqual(
      rows.map((r) => r.slice(0, 2)),
      [
        ['drgrpo', '3'],
        ['dapo', '3'],
      ],
    );
    // DAPO's best: 0.863, 0.855, 0.849 → 0.8557 ± 0.0070, the best of its column.
    assert.equal(rows[1][3], '0.8557 ± 0.0070');
    assert.ok(
      (await panel.locator('tbody tr').nth(1).locator('td strong').allTextContents()).includes('0.8557 ± 0.0070'),
    );
    const [pair] = await tableRows(v, 'pairs');
    assert.equal(pair[0], 'drgrpo vs dapo');
    assert.match(pair[2], /^-0\.0\d+ \* 95% CI -0\.0\d+ to -0\.0\d+$/, 'the best: dapo ahead, the interval below 0');
    // Intervals that exclude 0 are marked (bold, and a * a screen reader names).
    const marked = panel.locator('td.tc-excludes-zero');
    assert.ok((await marked.count()) > 0);
    assert.equal(await marked.first().locator('.tc-mark').getAttribute('aria-label'), 'the interval excludes 0');
    const sentences = await panel.locator('.tc-sentences p').allTextContents();
    assert.match(
      sentences[0],
      /^dapo is ahead of drgrpo on MATH500 over the last 3 logged values by \+0\.0\d+ \(95% CI /,
    );
    assert.ok(sentences.some((s) => /reach dapo's best on MATH500/.test(s)));
    await v.shot('methods-panel', { clip: { x: 0, y: 0, width: 1280, height: 640 } });

    // The sentences are text a user can select.
    const selected = await panel
      .locator('.tc-sentences p')
      .first()
      .evaluate((p) => {
        getSelection().selectAllChildren(p);
        return getSelection().toString();
      });
    assert.equal(selected, sentences[0]);
    const before = await v.postedCount();
    await panel.getByRole('button', { name: 'Copy sentences' }).click();
    assert.deepEqual(await v.lastPosted('copy', before), {
      type: 'copy',
      text: sentences.join('\n'),
      what: 'comparison sentences',
    });
    await panel.getByRole('button', { name: 'Copy tables as LaTeX' }).click();
    const latex = (await v.lastPosted('copy', before + 1)).text;
    assert.match(latex, /\\toprule[\s\S]*drgrpo & 3 &[\s\S]*\\bottomrule/);
    await panel.getByRole('button', { name: 'Save as Markdown…' }).click();
    const saved = await v.lastPosted('exportFile', before + 2);
    assert.deepEqual([saved.format, saved.name], ['md', 'MATH500-methods.md']);
    assert.match(saved.text, /^\| drgrpo vs dapo \|/m);
  });

  test('works from the keyboard, and keeps its metric, k and threshold when the view is shown again', async (v) => {
    await v.post(view(LOGS.seeds));
    const toggle = v.toggle('Compare methods');
    await toggle.focus();
    let since = await v.postedCount();
    await v.page.keyboard.press('Enter');
    assert.equal(await toggle.getAttribute('aria-pressed'), 'true');
    await answer(v, LOGS.seeds, since);
    const panel = v.page.getByRole('region', { name: 'Compare methods' });
    await panel.locator('tbody tr').first().waitFor();

    // Tab from the toggle reaches the panel's controls in order.
    const focused = () => v.page.evaluate(() => document.activeElement?.id || document.activeElement?.textContent);
    const tabTo = async (want) => {
      for (let i = 0; i < 40 && (await focused()) !== want; i++) await v.page.keyboard.press('Tab');
      assert.equal(await focused(), want);
    };
    await tabTo('tc-methods-metric');
    since = await v.postedCount();
    // A metric chosen with the arrow keys: the losses are better low.
    await v.page.keyboard.press('End');
    const metric = await panel.getByLabel('Metric', { exact: true }).inputValue();
    let ask = await answer(v, LOGS.seeds, since);
    assert.equal(ask.metric, metric);
    await tabTo('tc-methods-k');
    since = await v.postedCount();
    await v.page.keyboard.type('1');
    await v.page.keyboard.press('Backspace');
    await v.page.keyboard.press('Backspace');
    await v.page.keyboard.type('5');
    await v.page.keyboard.press('Enter');
    ask = await answer(v, LOGS.seeds, since);
    assert.deepEqual(ask, { metric, k: 5 });
    await tabTo('tc-methods-threshold');
    since = await v.postedCount();
    await v.page.keyboard.type('0.8');
    await v.page.keyboard.press('Enter');
    ask = await answer(v, LOGS.seeds, since);
    assert.deepEqual(ask, { metric, k: 5, threshold: 0.8 });
    await panel.getByLabel('Metric', { exact: true }).selectOption('val-core/MATH500/acc/mean@1');
    await answer(v, LOGS.seeds, since + 1);
    await panel.locator('thead th', { hasText: 'Step reaching 0.8' }).first().waitFor();
    await tabTo('Copy sentences');
    since = await v.postedCount();
    await v.page.keyboard.press('Enter');
    assert.equal((await v.lastPosted('copy', since)).what, 'comparison sentences');

    // Shown again (VS Code reloads a hidden webview): the panel comes back open with the same choices.
    await v.open();
    since = await v.postedCount();
    await v.post(view(LOGS.seeds));
    assert.deepEqual((await v.lastPosted('compareMethods', since)).ask, {
      metric: 'val-core/MATH500/acc/mean@1',
      k: 5,
      threshold: 0.8,
    });
    assert.equal(await v.toggle('Compare methods').getAttribute('aria-pressed'), 'true');
    assert.equal(await v.page.getByLabel('Final: last', { exact: true }).inputValue(), '5');
    // Closed, the host is told to stop following.
    since = await v.postedCount();
    await v.toggle('Compare methods').click();
    assert.deepEqual(await v.lastPosted('compareMethods', since), { type: 'compareMethods', follow: false });
    assert.equal(await v.page.locator('.tc-methods').isVisible(), false);
  });

  test('with one seed per method it says no interval can be given; one run offers no panel', async (v) => {
    const figure1 = [LOGS.grpo, LOGS.mel];
    await v.post(view(figure1));
    const since = await v.postedCount();
    await v.toggle('Compare methods').click();
    await answer(v, figure1, since);
    const panel = v.page.getByRole('region', { name: 'Compare methods' });
    await panel.locator('tbody tr').first().waitFor();
    assert.equal(
      await panel.locator('.tc-methods-body .tc-note').first().textContent(),
      'One seed per method: the differences have no interval. With two or more seeds of each, they would.',
    );
    assert.equal(await panel.locator('.tc-ci', { hasText: '95% CI' }).count(), 0);
    assert.equal(
      await panel.locator('.tc-ci', { hasText: 'no interval' }).first().getAttribute('title'),
      'one seed per method: no interval',
    );
    assert.match((await panel.locator('.tc-sentences').textContent()) ?? '', /1 vs 1 seeds: no interval/);
    await v.shot('methods-one-seed', { clip: { x: 0, y: 0, width: 1280, height: 520 } });
    await v.post(view([LOGS.grpo]));
    assert.equal(await v.toggle('Compare methods').isVisible(), false);
    assert.equal(await panel.isVisible(), false);
  });
});
