// End-to-end: logs that change while they are open in the chart editor — a trainer appending (even half a
// line at a time), a log rewritten from a checkpoint, deleted, re-created and renamed. The files are
// written by the test, as a trainer would, while code-server shows them. Run: node --test test/e2e/
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { Workbench, poll, readSample } from './workbench.mjs';

/** Values that tell the writes apart: `version` 1 is the first write of a log, 2 a rewrite. Fixed width, so a rewrite keeps the size. */
const loss = (step, version = 1) => (version * 4 - 3 + step / 100).toFixed(2);
const accuracy = (step) => (0.5 + step / 400).toFixed(4);
const line = (step, version = 1) =>
  `{"step": ${step}, "actor/loss": ${loss(step, version)}, "eval/toy/accuracy": ${accuracy(step)}}\n`;
/** Lines for steps `from`..`to`. */
const lines = (from, to, version = 1) =>
  Array.from({ length: to - from + 1 }, (_, i) => line(from + i, version)).join('');

const LOSS = 'actor/loss';

describe('Training Curves follows logs that change on disk', () => {
  let wb;
  let page;
  const file = (name) => path.join(wb.workspace, name);

  before(
    async () => {
      wb = await Workbench.open('live', {
        'live.metrics.jsonl': lines(0, 20),
        // Over 4 KB, so a rewrite past the first 4 KB keeps the head of the file.
        'checkpoint.metrics.jsonl': lines(0, 99),
        'vanishing.metrics.jsonl': lines(0, 20),
        'moving.metrics.jsonl': lines(0, 20),
        // Never written while open: its view must not say "Live".
        'still.metrics.jsonl': lines(0, 20),
      });
      page = wb.page;
    },
    { timeout: 20 * 60_000 },
  );

  after(() => wb?.close());

  /** Waits until the chart of `metric` spans steps first–last (its accessible description says so). */
  async function waitForSteps(view, metric, first, last) {
    const canvas = view.locator(`.tc-card[aria-label="${metric}"] canvas`);
    const wanted = `steps ${first}–${last}`;
    await poll(async () => (await canvas.getAttribute('aria-label')).includes(wanted), {
      what: `${metric} chart showing ${wanted}`,
    }).catch(async (e) => {
      const shot = await wb.shot(`FAILED-steps-${first}-${last}`);
      throw new Error(`${e.message}; it says "${await canvas.getAttribute('aria-label')}" (${shot})`);
    });
    return canvas;
  }

  /** The rows of `metric`'s data table (Table toggle on): step → value, as shown. */
  async function tableRows(view, metric) {
    const rows = await view
      .locator(`.tc-card[aria-label="${metric}"] .tc-table tbody tr`)
      .evaluateAll((trs) => trs.map((tr) => [tr.querySelector('th').textContent, tr.querySelector('td').textContent]));
    return new Map(rows.map(([step, value]) => [Number(step), Number(value)]));
  }

  async function setTable(view, on) {
    const toggle = view.getByRole('button', { name: 'Table', exact: true });
    if ((await toggle.getAttribute('aria-pressed')) !== String(on)) await toggle.click();
  }

  it(
    'appended lines show up within seconds, and the filter and smoothing stay as they were',
    { timeout: 90_000 },
    async () => {
      const name = 'live.metrics.jsonl';
      const view = await wb.openCharts(name);
      await waitForSteps(view, LOSS, 0, 20);

      const filter = view.getByRole('searchbox');
      await filter.fill('loss');
      const smoothing = view.getByLabel('Smoothing weight (number)');
      await smoothing.fill('0.6');
      await smoothing.press('Tab');
      const status = view.locator('.tc-status');
      await poll(async () => (await status.textContent()) === '1 of 2 charts', { what: 'filter applied' });
      await wb.shot('live-before-append');

      fs.appendFileSync(file(name), lines(21, 25));
      const canvas = await waitForSteps(view, LOSS, 0, 25);
      await wb.shot('live-appended-25');
      // The update kept what the user had set.
      assert.equal(await filter.inputValue(), 'loss');
      assert.equal(await smoothing.inputValue(), '0.6');
      assert.equal(await status.textContent(), '1 of 2 charts');
      assert.equal(await view.locator('.tc-card[aria-label="eval/toy/accuracy"]').isHidden(), true);

      // With smoothing on, the tooltip gives the raw value after the smoothed one.
      const shown = await wb.hoverStep(view, canvas, 25);
      const raw = await view.locator('[role=tooltip] .tc-tooltip-raw').textContent();
      assert.equal(raw, `raw ${Number(loss(25))}`);
      assert.notEqual(
        shown[name.replace('.metrics.jsonl', '')],
        Number(loss(25)),
        'the tooltip value should be smoothed',
      );
      await wb.shot('live-hover-25');
      await page.mouse.move(5, 5);

      // Two more appends in quick succession: both arrive.
      fs.appendFileSync(file(name), lines(26, 28));
      fs.appendFileSync(file(name), lines(29, 30));
      await waitForSteps(view, LOSS, 0, 30);
      assert.equal(await filter.inputValue(), 'loss');

      await filter.fill('');
      await smoothing.fill('0');
      await smoothing.press('Tab');
    },
  );

  it('a line written in two parts is shown once complete, never as a skipped line', { timeout: 60_000 }, async () => {
    const name = 'live.metrics.jsonl';
    const view = await wb.openCharts(name);
    await waitForSteps(view, LOSS, 0, 30);
    const whole = line(31);
    const cut = whole.indexOf(', "eval/');
    fs.appendFileSync(file(name), whole.slice(0, cut));
    const lineNumber = readSample(fs.readFileSync(file(name), 'utf8')).pending;
    assert.equal(lineNumber, 32);

    const banner = view.locator('.tc-banner.tc-warning');
    await poll(async () => /Line 32 is incomplete/.test(await banner.textContent()), {
      what: 'the incomplete line noted',
    });
    await wb.shot('live-torn-line');
    assert.doesNotMatch(await banner.textContent(), /skipped/);
    assert.match(
      await view.locator(`.tc-card[aria-label="${LOSS}"] canvas`).getAttribute('aria-label'),
      /steps 0–30\b/,
    );

    fs.appendFileSync(file(name), whole.slice(cut));
    const canvas = await waitForSteps(view, LOSS, 0, 31);
    await poll(() => banner.isHidden(), { what: 'the incomplete-line note gone' });
    const values = await wb.hoverStep(view, canvas, 31);
    assert.deepEqual(values, { live: Number(loss(31)) });
    await wb.shot('live-line-completed');
    await page.mouse.move(5, 5);
  });

  it(
    'a log rewritten from a checkpoint shows only the new values, however its size changed',
    { timeout: 90_000 },
    async () => {
      const name = 'checkpoint.metrics.jsonl';
      const view = await wb.openCharts(name);
      await waitForSteps(view, LOSS, 0, 99);
      await setTable(view, true);
      const expect = async (last, rewrittenFrom, what) => {
        await waitForSteps(view, LOSS, 0, last);
        const want = new Map(
          Array.from({ length: last + 1 }, (_, s) => [s, Number(loss(s, s >= rewrittenFrom ? 2 : 1))]),
        );
        await poll(
          async () => {
            assert.deepEqual(await tableRows(view, LOSS), want);
            return true;
          },
          { what },
        );
        assert.equal(await view.locator('.tc-banner.tc-warning').isHidden(), true, 'no line should be skipped');
        await wb.shot(`checkpoint-${what.replace(/\W+/g, '-')}`);
      };

      // Same size, same first 4 KB: only the values from step 80 on differ.
      const head = lines(0, 79);
      assert.ok(Buffer.byteLength(head) > 4096);
      fs.writeFileSync(file(name), head + lines(80, 99, 2));
      await expect(99, 80, 'same size rewrite');

      // Longer than before, same first 4 KB: resumed from step 80 again and went on to 119. Not an append:
      // the bytes where the old file ended are not the same.
      fs.writeFileSync(file(name), head + lines(80, 119, 2));
      await expect(119, 80, 'longer rewrite');

      // Shorter: truncated to steps 0–10, rewritten with new values.
      fs.writeFileSync(file(name), lines(0, 10, 2));
      await expect(10, 0, 'truncated rewrite');
      await setTable(view, false);
    },
  );

  it(
    'a deleted log is reported in the view, and its charts come back when it is written again',
    { timeout: 60_000 },
    async () => {
      const name = 'vanishing.metrics.jsonl';
      const view = await wb.openCharts(name);
      await waitForSteps(view, LOSS, 0, 20);
      fs.rmSync(file(name));
      const error = view.locator('.tc-banner.tc-error');
      await poll(() => error.isVisible(), { what: 'an error banner for the deleted file' });
      assert.match(await error.textContent(), new RegExp(`^${name.replace(/\./g, '\\.')} no longer exists`));
      await wb.shot('deleted');

      fs.writeFileSync(file(name), lines(0, 5, 2));
      const canvas = await waitForSteps(view, LOSS, 0, 5);
      await poll(() => error.isHidden(), { what: 'the error banner gone' });
      assert.deepEqual(await wb.hoverStep(view, canvas, 5), { vanishing: Number(loss(5, 2)) });
      await wb.shot('re-created');
      await page.mouse.move(5, 5);
    },
  );

  it('a renamed log leaves a sane view behind, and opens under its new name', { timeout: 60_000 }, async () => {
    const name = 'moving.metrics.jsonl';
    const renamed = 'moved.metrics.jsonl';
    const view = await wb.openCharts(name);
    await waitForSteps(view, LOSS, 0, 20);
    fs.renameSync(file(name), file(renamed));
    // VS Code may keep the editor on the old path or close it: either way it must not show the
    // old data as if the file were still there.
    await poll(async () => view.isDetached() || (await view.locator('.tc-banner.tc-error').isVisible()), {
      what: 'the old editor closed or telling the file is gone',
    });
    await wb.shot('renamed');
    // By path: code-server's explorer and quick open sometimes take over 30 s to list a renamed file.
    await wb.runCommand('File: Open File...');
    // The dialog fills in its folder once it has listed it; typing before that is overwritten.
    await page.locator('.quick-input-list .monaco-list-row', { hasText: renamed }).waitFor({ timeout: 20_000 });
    const input = page.locator('.quick-input-widget input');
    await input.fill(file(renamed));
    await page.locator('.quick-input-list .monaco-list-row.focused', { hasText: renamed }).waitFor();
    await page.keyboard.press('Enter');
    const moved = await wb.webviewFor(renamed);
    await wb.waitForCharts(moved);
    await waitForSteps(moved, LOSS, 0, 20);
    await wb.shot('opened-under-new-name');
  });

  it(
    "the status bar says the active view's log is live, with its last step, and only for that view",
    { timeout: 90_000 },
    async () => {
      const name = 'live.metrics.jsonl';
      // The workbench's own status bar entry, not one of the webview's elements.
      const item = page.locator('.part.statusbar .statusbar-item', { hasText: /Live:/ });
      /** What the item says; '' while it is hidden (read without waiting for it to exist). */
      const shown = async () => (await item.allTextContents()).map((t) => t.trim()).join(' | ');
      const still = await wb.openCharts('still.metrics.jsonl');
      await waitForSteps(still, LOSS, 0, 20);
      assert.equal(await shown(), '', 'a log not written while open is not live');

      const view = await wb.openCharts(name);
      fs.appendFileSync(file(name), lines(32, 35));
      const last = readSample(fs.readFileSync(file(name), 'utf8')).rows.at(-1).step;
      await waitForSteps(view, LOSS, 0, last);
      const text = `Live: ${name} · step ${last}`;
      await poll(async () => (await shown()) === text, { what: `"${text}" in the status bar` });
      // The accessible label and the tooltip both say when the log was last written.
      const said = `${name.replace(/\./g, '\\.')}: step ${last}, written \\d+ s ago`;
      const label = await item.locator('[aria-label]').first().getAttribute('aria-label');
      assert.match(label, new RegExp(`^Live training run: ${said}$`));
      await item.hover();
      const hover = page.locator('.workbench-hover, .monaco-hover').filter({ hasText: 'Being written while open:' });
      await hover.waitFor({ timeout: 10_000 });
      assert.match(await hover.innerText(), new RegExp(`^Being written while open:\\s+${said}$`));
      await wb.shot('live-status-bar');
      await page.mouse.move(5, 5);

      // Another view whose log was not written: hidden; back to the live one: shown again.
      await wb.openCharts('still.metrics.jsonl');
      await poll(async () => (await shown()) === '', { what: 'the Live item hidden for a log not being written' });
      await wb.shot('live-status-bar-hidden');
      await wb.openCharts(name);
      await poll(async () => (await shown()) === text, { what: `"${text}" back in the status bar` });
    },
  );

  it('logs no CSP violation and no uncaught error while the files change', { timeout: 60_000 }, async () => {
    await wb.assertCleanConsole();
  });
});
