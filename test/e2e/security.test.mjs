// End-to-end (issue #13): a repository a user cloned and did not trust. Its logs name a run with a
// command link and an icon, and its settings carry a benchmark pattern. In Restricted Mode the pattern
// is not used; clicking a CSV chart to reveal its line tells the user so in a notification that shows
// the run's name as text: no link to click, no command run.
// Run: node --test test/e2e/security.test.mjs
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { Workbench, sleep } from './workbench.mjs';

/** Toggles the panel: a command whose effect the test can see if a link ran it. */
const LINK = '[open the log as text](command:workbench.action.togglePanel)';
const RUN = `${LINK} $(zap)`;
/** W&B's chart export: `<run> - <metric>` columns. */
const CSV =
  [
    '"Step","' + RUN + ' - loss"',
    ...Array.from({ length: 6 }, (_, i) => `${i * 10},"${(1 / (i + 1)).toFixed(3)}"`),
  ].join('\n') + '\n';

describe("an untrusted repository's logs and settings take no control", () => {
  let wb;
  let page;

  before(
    async () => {
      wb = await Workbench.open(
        'security',
        {
          // Applied in a trusted workspace; in Restricted Mode the workspace's value is ignored.
          '.vscode/settings.json': JSON.stringify({
            'trainingCurves.benchmarkPatterns': ['^(?<benchmark>custom)_(?<metric>.+)$'],
          }),
          'custom.metrics.jsonl': '{"step": 0, "custom_acc": 0.5}\n{"step": 1, "custom_acc": 0.75}\n',
          'hostile.csv': CSV,
        },
        { restricted: true },
      );
      page = wb.page;
    },
    { timeout: 20 * 60_000 },
  );

  after(() => wb?.close());

  it(
    "the window is in Restricted Mode, and the workspace's benchmark pattern is not used",
    { timeout: 90_000 },
    async () => {
      await page
        .locator('.statusbar-item', { hasText: /Restricted Mode/ })
        .first()
        .waitFor({ timeout: 30_000 });
      const view = await wb.openCharts('custom.metrics.jsonl');
      await wb.shot('restricted-custom');
      const sections = await view.locator('.tc-section-title').allTextContents();
      assert.ok(sections.includes('other'), `sections: ${sections.join(', ')}`);
      assert.ok(!sections.includes('custom'), `the workspace's pattern made a benchmark: ${sections.join(', ')}`);
    },
  );

  it(
    'revealing a point of a run named with a command link shows the name as text, and clicking it runs nothing',
    { timeout: 120_000 },
    async () => {
      // "Open in Training Curves" from the Explorer's context menu, as a user opens a CSV.
      await wb.runCommand('View: Show Explorer');
      await wb.explorerMenu('hostile.csv', 'Open in Training Curves');
      const view = await wb.webviewFor('hostile.csv');
      await wb.waitForCharts(view);
      assert.deepEqual(await view.locator('.tc-run-label').allTextContents(), [RUN]);

      const panel = page.locator('.part.panel');
      const panelShown = async () => (await panel.count()) > 0 && (await panel.first().isVisible());
      const before = await panelShown();
      const canvas = view.locator('.tc-card[aria-label="loss"] canvas');
      await wb.hoverStep(view, canvas, 20);
      // A click on the point asks the host to reveal its line; a CSV has none, and the host says so.
      await page.mouse.down();
      await page.mouse.up();
      const toast = page.locator('.notification-toast', { hasText: 'no line of hostile.csv' });
      await toast.waitFor({ timeout: 15_000 });
      await wb.shot('reveal-notification');
      const message = toast.locator('.notification-list-item-message');
      const text = (await message.textContent()).replace(/\u200b/g, '');
      assert.ok(text.includes(RUN), `the notification reads: ${text}`);
      // Rendered as text: no link element (the link syntax was not recognised), no icon element.
      assert.equal(await message.locator('a').count(), 0);
      assert.equal(await message.locator('.codicon-zap').count(), 0);
      // Clicking where the link would be runs nothing.
      await message.click();
      await sleep(1000);
      assert.equal(await panelShown(), before, 'the panel was toggled: the command ran');
    },
  );

  it('logs no CSP violation and no uncaught error', { timeout: 60_000 }, async () => {
    await wb.assertCleanConsole();
  });
});
