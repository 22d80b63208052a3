// The runs of a view: the run list and its colours, hiding a run, colours that stand out in every theme,
// and seed groups drawn as a mean with a band.
import assert from 'node:assert/strict';
import { fixtures, suite, test, THEMES } from './harness.mjs';
import { contrast, countTranslucent, hexOf, LEGEND_BAND } from './pixels.mjs';

const { LOGS, MATH500, view } = fixtures;
/** Figure 1's two runs, the dual-axis run (GAOKAO and the other benchmarks: only it has them) and figure 5's two runs. */
const FIVE = [LOGS.grpo, LOGS.mel, LOGS.dualAxis, LOGS.seriesA, LOGS.seriesB];
const LABELS = ['grpo', 'mel', 'dual-axis', 'series-a', 'series-b'];

suite('runs', () => {
  test('lists the runs of a comparison with their colours, and hides a run in every chart and the summary', async (v) => {
    await v.post(view(FIVE));
    const KL = 'actor/kl_loss';
    const runs = v.page.getByRole('group', { name: 'Runs' });
    assert.deepEqual(
      await runs.getByRole('checkbox').evaluateAll((bs) => bs.map((b) => [b.labels[0].textContent, b.checked])),
      LABELS.map((l) => [l, true]),
    );
    // Colours by the host's order of runs: GRPO blue, MEL red.
    assert.equal(await v.runColour('grpo'), THEMES.light.vars['charts-blue']);
    assert.equal(await v.runColour('mel'), THEMES.light.vars['charts-red']);
    const green = await v.runColour('series-b');
    assert.match(await v.hoverStep(KL, 20), /series-a\s+0\.487\s+series-b\s+1\b/);
    /** series-b's pixels in the plot, below the legend (whose struck-through item keeps its colour). */
    const plotted = async () => (await v.countColour(KL, green)) - (await v.countColour(KL, green, LEGEND_BAND + 6));
    assert.ok((await plotted()) > 50, 'series-b drawn');

    // Keyboard: Space on the checkbox.
    await runs.getByRole('checkbox', { name: 'series-b' }).focus();
    await v.page.keyboard.press('Space');
    assert.equal(await runs.getByRole('checkbox', { name: 'series-b' }).isChecked(), false);
    assert.equal(await v.page.locator('[aria-live=polite]').textContent(), 'series-b hidden');
    assert.equal(await plotted(), 0, 'no series-b line or markers');
    for (const id of [KL, 'actor/entropy_loss', 'eval/math-eval/accuracy/mean']) {
      const text = await v.hoverStep(id, 20);
      assert.match(text, /series-a/, id);
      assert.doesNotMatch(text, /series-b/, id);
    }
    await v.leave();
    await v.toggle('Summary').click();
    const summaryRuns = await v.page.locator('.tc-summary tbody tr td:nth-child(2)').allTextContents();
    assert.ok(summaryRuns.includes('series-a') && !summaryRuns.includes('series-b'), summaryRuns.join());
    await v.toggle('Summary').click();
    await v.shot('comparison-hidden-run', { clip: { x: 0, y: 0, width: 1280, height: 900 } });

    // Remembered when the webview is shown again.
    await v.open();
    await v.post(view(FIVE));
    assert.equal(await v.page.getByRole('checkbox', { name: 'series-b' }).isChecked(), false);
    assert.doesNotMatch(await v.hoverStep(KL, 20), /series-b/);
    await v.leave();
    await v.page.getByRole('checkbox', { name: 'series-b' }).check();
    assert.match(await v.hoverStep(KL, 20), /series-b\s+1\b/);
  });

  test('names the run of a one-run chart in a comparison, and keeps the title whole at 1400 px', async (v) => {
    await v.page.setViewportSize({ width: 1400, height: 900 });
    await v.post(view(FIVE));
    const orange = await v.runColour('dual-axis');
    assert.ok((await v.countColour('val/GAOKAO/accuracy', orange, LEGEND_BAND)) > 5, 'the legend names dual-axis');
    const title = v.page.locator('.tc-title');
    assert.equal(await title.textContent(), 'Compare: grpo vs mel vs dual-axis +2 more');
    assert.ok(await title.evaluate((t) => t.scrollWidth <= t.clientWidth), 'the title is not cut off');
    await v.shot('comparison-1400', { clip: { x: 0, y: 0, width: 1400, height: 900 } });
    await v.setTheme('dark');
    await v.shot('comparison-1400-dark', { clip: { x: 0, y: 0, width: 1400, height: 900 } });
  });

  test('draws every run in a colour that stands out from the card in light, dark and high-contrast themes', async (v) => {
    await v.post(view(FIVE));
    for (const name of ['light', 'dark', 'hc']) {
      await v.setTheme(name);
      for (const label of LABELS) {
        const c = await v.runColour(label);
        const ratio = contrast(c, THEMES[name].vars['editorWidget-background']);
        assert.ok(ratio >= 3, `${label} ${c} on ${name}: ${ratio.toFixed(2)}`);
      }
    }
    // Kept as the theme defines them where they already stand out: dark orange is VS Code's #d18616.
    await v.setTheme('dark');
    assert.equal(await v.runColour('dual-axis'), THEMES.dark.vars['charts-orange']);
    // A theme's translucent orange is drawn opaque, not dimmed into brown.
    await v.page.evaluate(() => document.documentElement.style.setProperty('--vscode-charts-orange', '#d1861666'));
    await v.page.waitForTimeout(50);
    assert.equal(await v.runColour('dual-axis'), '#d18616');
    assert.ok((await v.countColour('val/GAOKAO/accuracy', '#d18616')) > 20, 'markers in opaque orange');
  });

  test('gives sixteen runs sixteen different colours, each standing out in light, dark and high-contrast themes', async (v) => {
    await v.post(view([LOGS.manyRuns]));
    const swatches = async () =>
      (
        await v.page
          .locator('.tc-run .tc-swatch')
          .evaluateAll((els) => els.map((e) => getComputedStyle(e).backgroundColor))
      ).map(hexOf);
    for (const name of ['light', 'dark', 'hc']) {
      await v.setTheme(name);
      const colours = await swatches();
      assert.equal(colours.length, 16);
      assert.equal(new Set(colours).size, 16, `${name}: ${colours.join(' ')}`);
      for (const c of colours) {
        const ratio = contrast(c, THEMES[name].vars['editorWidget-background']);
        assert.ok(ratio >= 3, `${c} on ${name}: ${ratio.toFixed(2)}`);
      }
      // The theme's own colours come first, in VS Code's order.
      assert.equal(colours[0], THEMES[name].vars['charts-blue']);
      await v.shot(`sixteen-runs-${name}`, {}, v.card('val/math500/acc'));
    }
  });

  test('offers seed groups and draws each as its mean in a translucent min–max band, with the range on hover', async (v) => {
    await v.post(view(LOGS.seeds));
    const seeds = v.page.getByLabel('Seeds', { exact: true });
    assert.equal(await seeds.inputValue(), 'off');
    const since = await v.postedCount();
    await seeds.selectOption('minmax');
    assert.equal((await v.lastPosted('settings', since)).settings.groups, 'minmax');

    const grouped = view(LOGS.seeds, { settings: { groups: 'minmax' } });
    await v.post(grouped);
    const runs = v.page.getByRole('group', { name: 'Runs' });
    assert.deepEqual(await runs.getByRole('checkbox').evaluateAll((bs) => bs.map((b) => b.labels[0].textContent)), [
      'drgrpo (3 seeds)',
      'dapo (3 seeds)',
    ]);
    // GRPO's seeds at step 100: 0.82, 0.829, 0.839. DAPO's third seed stopped at 120: at 150, 0.856 and 0.855.
    assert.match(await v.hoverStep(MATH500, 100), /drgrpo \(3 seeds\)\s+0\.829333 \(0\.82–0\.839, n=3\)/);
    const end = await v.hoverStep(MATH500, 150);
    assert.match(end, /dapo \(3 seeds\)\s+0\.8555 \(0\.855–0\.856, n=2\)/);
    // A group's mean was logged by no line of any log: no hint, and a click opens nothing.
    assert.doesNotMatch(end, /open the log/);
    assert.doesNotMatch(await v.canvas(MATH500).getAttribute('aria-description'), /Enter/);
    const beforeClick = await v.postedCount();
    const { x } = await v.pointAtStep(MATH500, 100);
    const seedBox = await v.canvas(MATH500).boundingBox();
    for (const at of [0.3, 0.5, 0.7]) await v.page.mouse.click(x, seedBox.y + seedBox.height * at);
    await v.card(MATH500).focus();
    await v.page.keyboard.press('End');
    await v.page.keyboard.press('Enter');
    await v.page.keyboard.press('Escape');
    assert.deepEqual(await v.revealsSince(beforeClick), []);
    await v.hoverStep(MATH500, 150);
    // The card and the tooltip beside it.
    const box = await v.card(MATH500).boundingBox();
    await v.shot('seed-groups', { clip: { ...box, width: Math.min(box.width + 300, 1280 - box.x) } });
    await v.shot('seed-groups-page', { clip: { x: 0, y: 0, width: 1280, height: 420 } });
    await v.leave();

    // The band: pixels of the group's colour, translucent.
    const grpo = await v.runColour('drgrpo (3 seeds)');
    const withBand = await countTranslucent(v.canvas(MATH500), grpo);
    for (const s of grouped.charts.find((c) => c.id === MATH500).series) delete s.band;
    await v.post(grouped);
    const without = await countTranslucent(v.canvas(MATH500), grpo);
    assert.ok(withBand > without + 2000, `band pixels: ${withBand} with the band, ${without} without`);
    // Back to one line per run.
    await seeds.selectOption('off');
    assert.equal((await v.lastPosted('settings', since + 1)).settings.groups, undefined);
    await v.post(view(LOGS.seeds));
    assert.equal(await runs.getByRole('checkbox').count(), 6);
    await v.post(view([LOGS.grpo, LOGS.mel]));
    assert.equal(await seeds.isVisible(), false, 'figure 1 has no seeds to group');
  });
});
