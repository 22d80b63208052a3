// Reading values: the tooltip under the pointer, the arrow keys, the hovered step followed by every
// chart, and a click (or Enter) opening the log at the line of a point.
import assert from 'node:assert/strict';
import { fixtures, suite, test } from './harness.mjs';

const { LOGS, MATH500: FIG1, view } = fixtures;

suite('hover', () => {
  test('shows both runs’ values at the hovered step, then hides the tooltip when the mouse leaves', async (v) => {
    await v.post(view([LOGS.grpo, LOGS.mel]));
    const text = await v.hoverStep(FIG1, 120);
    assert.match(text, /Step 120/);
    assert.match(text, /grpo\s+0\.82\b/);
    assert.match(text, /mel\s+0\.84\b/);
    await v.shot('light', { fullPage: true });
    const box = await v.page.locator('[role=tooltip]').boundingBox();
    assert.ok(
      box.x >= 0 && box.y >= 0 && box.x + box.width <= 1280 && box.y + box.height <= 900,
      'tooltip inside the viewport',
    );
    // A step only MEL has: GRPO's value is labelled with the step it comes from.
    assert.match(await v.hoverStep(FIG1, 30), /grpo\s+0\.77 \(at step 20\)[\s\S]*mel\s+0\.76\b/);
    await v.leave();
    assert.equal(await v.page.locator('[role=tooltip]').isVisible(), false);
  });

  test('reads a gap as "—" and keeps the tooltip inside the window at the right edge', async (v) => {
    // test/fixtures/malformed.metrics.jsonl logs actor/kl_loss as NaN at step 9, and up to step 19.
    await v.post(view([LOGS.malformed]));
    assert.match(await v.hoverStep('actor/kl_loss', 9), /Step 9\s+malformed\s+—/);
    assert.match(await v.hoverStep('actor/kl_loss', 19), /malformed\s+0\.43\b/);
    const box = await v.page.locator('[role=tooltip]').boundingBox();
    assert.ok(box.x + box.width <= 1280, 'tooltip flipped left of the pointer');
  });

  test('moves through the steps with the arrow keys and announces the values', async (v) => {
    await v.post(view([LOGS.grpo, LOGS.mel]));
    await v.card(FIG1).focus();
    await v.page.keyboard.press('ArrowRight');
    assert.match(await v.tooltipText(), /Step 0\s+grpo\s+0\.74\s+mel\s+0\.74/);
    await v.page.keyboard.press('ArrowRight');
    await v.page.keyboard.press('ArrowRight');
    assert.match(await v.tooltipText(), /Step 30/);
    await v.page.keyboard.press('End');
    await v.page.keyboard.press('ArrowLeft');
    assert.match(await v.tooltipText(), /Step 120/);
    assert.match(await v.page.locator('[aria-live=polite]').textContent(), /^Step 120\. grpo 0\.82, mel 0\.84$/);
    await v.page.keyboard.press('Escape');
    assert.equal(await v.page.locator('[role=tooltip]').isVisible(), false);
  });

  test('opens the log at the step of the point clicked, from the run drawn nearest the pointer, but not on a drag', async (v) => {
    await v.post(view([LOGS.grpo, LOGS.mel]));
    const { text, x } = await v.pointAtStep(FIG1, 120);
    assert.match(text, /\nClick to open the log at this step$/);
    assert.match(await v.canvas(FIG1).getAttribute('aria-description'), /Enter opens the log at the step/);
    const box = await v.canvas(FIG1).boundingBox();
    // At step 120 MEL (0.84) is drawn at the top of the plot (below the legend), GRPO (0.82) a little below it.
    // Run ids are the host's: in a comparison, the log's place and the run's name.
    const since = await v.postedCount();
    await v.page.mouse.click(x, box.y + box.height * 0.2);
    assert.deepEqual(await v.lastPosted('revealLine', since), { type: 'revealLine', run: '1#mel', step: 120 });
    await v.page.mouse.click(x, box.y + box.height * 0.75);
    assert.deepEqual(await v.lastPosted('revealLine', since + 1), { type: 'revealLine', run: '0#grpo', step: 120 });

    // A drag zooms and a double-click resets the zoom: neither opens the log.
    const beforeDrag = await v.postedCount();
    await v.drag(FIG1, 0.4, 0.7);
    assert.ok((await v.lastPosted('settings', beforeDrag)).settings.range, 'zoomed');
    await v.canvas(FIG1).dblclick();
    assert.equal((await v.lastPosted('settings', beforeDrag + 1)).settings.range, undefined, 'zoom reset');
    assert.deepEqual(await v.revealsSince(beforeDrag), []);
    await v.leave();

    // From the keyboard: Enter opens the first run's line at the step the arrow keys moved to.
    await v.card(FIG1).focus();
    await v.page.keyboard.press('ArrowRight');
    assert.match(
      await v.tooltipText(),
      /^Step 0\s+grpo\s+0\.74\s+mel\s+0\.74\s+Press Enter to open the log at this step$/,
    );
    const beforeKey = await v.postedCount();
    await v.page.keyboard.press('Enter');
    assert.deepEqual(await v.lastPosted('revealLine', beforeKey), { type: 'revealLine', run: '0#grpo', step: 0 });
    await v.page.keyboard.press('Escape');
  });

  test('follows the hovered step in every chart: one tooltip, guide lines and points in the others', async (v) => {
    // Figure 5's runs (steps 0–30) with figure 1's (0–140): timing_s/step, GRPO and MEL's, is below the window.
    await v.post(view([LOGS.seriesA, LOGS.seriesB, LOGS.grpo, LOGS.mel]));
    const ACC = 'eval/math-eval/accuracy/mean';
    const KL = 'actor/kl_loss';
    const FAR = 'timing_s/step';
    const idle = await v.pixels(KL);
    assert.match(await v.hoverStep(ACC, 10), /Step 10\s+series-a\s+0\.32\s+series-b\s+0\.35/);
    for (const id of [KL, 'actor/entropy_loss', FIG1]) assert.equal(await v.hoverAttr(id), '10', id);
    assert.notEqual(await v.pixels(KL), idle, 'the guide line and highlighted points are drawn on kl_loss');
    // The one tooltip is the hovered chart's, next to it.
    assert.equal(await v.page.locator('[role=tooltip]:visible').count(), 1);
    const tip = await v.page.locator('[role=tooltip]').boundingBox();
    const acc = await v.card(ACC).boundingBox();
    assert.ok(tip.y > acc.y && tip.y < acc.y + acc.height, 'the tooltip is at the hovered chart');
    await v.shot('synced-hover', { clip: { x: 0, y: 0, width: 1280, height: 900 } });
    await v.leave();
    for (const id of [KL, FIG1]) assert.equal(await v.hoverAttr(id), null, `${id} cleared`);
    assert.equal(await v.pixels(KL), idle, 'nothing left drawn');

    // The arrow keys move every chart's guide too.
    await v.card(ACC).focus();
    await v.page.keyboard.press('Home');
    await v.page.keyboard.press('ArrowRight');
    assert.equal(await v.hoverAttr(KL), '1');
    assert.equal(await v.hoverAttr(FIG1), '1');
    await v.page.keyboard.press('End');
    assert.equal(await v.hoverAttr(KL), '30');
    // A chart far below the window catches up when it scrolls into view.
    const far = v.card(FAR);
    assert.equal(
      await far.evaluate((c) => c.getBoundingClientRect().top > innerHeight),
      true,
      `${FAR} starts out of sight`,
    );
    await far.evaluate((c) => c.scrollIntoView());
    await v.page.waitForFunction(
      (id) =>
        [...document.querySelectorAll('.tc-card')].some(
          (c) => c.getAttribute('aria-label') === id && c.dataset.hoverStep === '30',
        ),
      FAR,
      { timeout: 2000 },
    );
    await v.page.keyboard.press('Escape');
    assert.equal(await v.hoverAttr(KL), null);
    assert.equal(await v.hoverAttr(FAR), null);
  });
});
