// End-to-end (issue #17): the Get Started walkthrough, in a workspace with no training logs yet. Opened
// from the palette (Welcome: Open Walkthrough…, then Training Curves' walkthrough), it lists its three
// steps, each with its media (the extension's own files: this machine has no network, and the picture must
// load); the first step's button opens the sample log in the chart editor, beside the walkthrough, and
// running it ticks the step.
// Run: npm run build && npm run package && node --test test/e2e/walkthrough.test.mjs
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { Workbench, poll } from './workbench.mjs';

const TITLE = 'Get Started with Training Curves';
const STEPS = ['Open a sample log', 'Compare two runs', 'Open a folder of runs'];

describe('the Get Started walkthrough', () => {
  let wb;
  let page;

  before(
    async () => {
      // A file, so the Explorer has a row to wait for; no log: the walkthrough is how a new user starts.
      wb = await Workbench.open('walkthrough', { 'notes.txt': 'training runs go here\n' });
      page = wb.page;
    },
    { timeout: 20 * 60_000 },
  );

  after(() => wb?.close());

  /** Whether a frame (the walkthrough's media are a webview) shows a heading `text`, and with `image` a loaded picture. */
  const mediaShowing = async (text, image = false) => {
    for (const frame of page.frames()) {
      if (frame.isDetached()) continue;
      try {
        if ((await frame.locator('h1', { hasText: text }).count()) === 0) continue;
        if (!image) return true;
        const widths = await frame.locator('img').evaluateAll((imgs) => imgs.map((i) => i.naturalWidth));
        return widths.length > 0 && widths.every((w) => w > 0);
      } catch {
        // the frame went away while we looked
      }
    }
    return false;
  };
  /** The walkthrough's page in the Welcome editor. */
  const slide = () => page.locator('.gettingStartedSlideDetails');
  const step = (title) =>
    slide().locator('button.getting-started-step', { has: page.locator('.step-title', { hasText: title }) });

  it('opens from the palette and lists its three steps', { timeout: 90_000 }, async () => {
    await wb.runCommand('Welcome: Open Walkthrough...');
    const input = page.locator('.quick-input-widget input');
    // The first Enter ran the command; the quick pick of walkthroughs replaces the palette.
    await poll(async () => (await input.inputValue()) === '', { what: 'the walkthrough picker' });
    await input.fill('Training Curves');
    const pick = page.locator('.quick-input-list .monaco-list-row', { hasText: TITLE }).first();
    await pick.waitFor();
    await pick.click();
    await slide().locator('.category-title', { hasText: TITLE }).waitFor({ timeout: 20_000 });
    const titles = await slide().locator('button.getting-started-step .step-title').allTextContents();
    assert.deepEqual(
      titles.map((t) => t.trim()),
      STEPS,
    );
    // The first step is open, with its button; none is done yet.
    await step(STEPS[0]).locator('.button-container .monaco-button', { hasText: 'Open a Sample Log' }).waitFor();
    assert.equal(await slide().locator('button.getting-started-step[aria-checked="true"]').count(), 0);
    // Its media, a Markdown file of the extension's own, rendered beside the steps.
    await poll(() => mediaShowing('A log becomes charts'), { timeout: 20_000, what: "the first step's media" });
    await wb.shot('walkthrough');
    // The second step's media shows a picture the extension ships.
    await step(STEPS[1]).click();
    await poll(() => mediaShowing('Compare runs', true), { timeout: 20_000, what: "the second step's media" });
    await wb.shot('walkthrough-compare-step');
    await step(STEPS[0]).click();
    await poll(() => mediaShowing('A log becomes charts'), { timeout: 20_000, what: "the first step's media again" });
  });

  it(
    "the first step's button opens the sample in the chart editor and ticks the step",
    { timeout: 120_000 },
    async () => {
      await step(STEPS[0]).locator('.button-container .monaco-button', { hasText: 'Open a Sample Log' }).click();
      const view = await wb.webviewFor('sample.metrics.jsonl');
      await wb.waitForCharts(view);
      // The sample compares two runs: both are in the view's run list.
      assert.deepEqual((await view.locator('.tc-run-label').allTextContents()).sort(), ['GRPO', 'MEL']);
      // Beside the walkthrough, which stays in view and now shows the step done, and only that one.
      const group = (tab) =>
        page.locator('.editor-group-container', { has: page.locator('.tabs-container .tab', { hasText: tab }) });
      assert.equal(await group('Welcome').count(), 1);
      assert.equal(await group('Welcome').locator('.tab', { hasText: 'sample.metrics.jsonl' }).count(), 0);
      assert.equal(await group('sample.metrics.jsonl').count(), 1);
      const checked = (title) => step(title).getAttribute('aria-checked', { timeout: 2000 });
      await poll(async () => (await checked(STEPS[0])) === 'true', { what: 'the first step ticked' });
      assert.deepEqual(await Promise.all(STEPS.slice(1).map(checked)), ['false', 'false']);
      await wb.shot('walkthrough-sample-opened');
      await wb.assertCleanConsole();
    },
  );
});
