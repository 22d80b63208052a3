// End-to-end (issue #14): the sidebar keeps an index of each log (names, step ranges, last and best values),
// not its columns. It follows an append to a large log by reading the new bytes, and after a window reload
// it lists the workspace from the stored indexes without reading the unchanged logs again (Output ›
// Training Curves says so). A large log open in the chart editor shows an appended step.
// Run: node --test test/e2e/sidebar.test.mjs
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { ROOT } from '../../scripts/codeserver.mjs';
import { Workbench, poll } from './workbench.mjs';

const BIG = 'big.metrics.jsonl';
const METRIC = 'val-core/MATH500/acc/mean@1';
/** Large enough that reading it again would show, small enough to write in a second or two. */
const BIG_BYTES = 150 * 2 ** 20;

/** A verl-style log of about `bytes`: 12 training metrics a step, MATH500 every 100 steps; returns its last step. */
function writeBig(file, bytes) {
  const out = fs.openSync(file, 'w');
  let written = 0;
  let step = 0;
  try {
    while (written < bytes) {
      let batch = '';
      for (let i = 0; i < 2000; i++, step++) {
        const fields = [`"step": ${step}`];
        for (let m = 0; m < 12; m++) fields.push(`"actor/m${m}": ${(1 / (step + m + 1)).toFixed(12)}`);
        if (step % 100 === 0) fields.push(`"${METRIC}": ${(0.5 + 0.3 * (1 - Math.exp(-step / 50_000))).toFixed(6)}`);
        batch += `{${fields.join(', ')}}\n`;
      }
      fs.writeSync(out, batch);
      written += Buffer.byteLength(batch);
    }
  } finally {
    fs.closeSync(out);
  }
  return step - 1;
}

describe('The sidebar indexes logs once and follows them by their new bytes', () => {
  let wb;
  let page;
  let lastStep;

  before(
    async () => {
      const samples = path.join(ROOT, 'samples');
      wb = await Workbench.open('sidebar', {
        'grpo.metrics.jsonl': { source: path.join(samples, 'grpo.metrics.jsonl') },
        'mel.metrics.jsonl': { source: path.join(samples, 'mel.metrics.jsonl') },
      });
      page = wb.page;
      lastStep = writeBig(path.join(wb.workspace, BIG), BIG_BYTES);
    },
    { timeout: 20 * 60_000 },
  );

  after(() => wb?.close());

  const tree = () => page.locator('.pane-body', { has: page.locator('.monaco-list-row', { hasText: 'Benchmarks' }) });
  const row = (label) =>
    tree()
      .locator('.monaco-list-row')
      .filter({
        has: page.locator('.label-name', { hasText: new RegExp(`^${label.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`) }),
      });
  /** The sidebar's "Sidebar: … logs listed" lines in Output › Training Curves. */
  const scans = () => wb.outputLines('Sidebar: ').filter((l) => l.includes('logs listed'));

  async function openSidebar() {
    // A click on the view's icon while it shows would hide it (after a reload it comes back open).
    if (!(await row('Benchmarks').isVisible()))
      await page.locator('.activitybar [aria-label^="Training Curves"]').first().click();
    await row('Benchmarks').waitFor({ timeout: 60_000 });
  }

  /** The MATH500 metric row's description: each run's last value (`big 0.8 · grpo 0.82 · mel 0.84`). */
  async function math500Values() {
    if ((await row('acc/mean@1').count()) === 0) {
      if ((await row('MATH500').count()) === 0) await row('Benchmarks').click();
      await row('MATH500').locator('.monaco-tl-twistie').click();
    }
    return row('acc/mean@1').locator('.label-description').textContent();
  }

  it(
    'lists every log after one read of each, and a value appended to the large log',
    { timeout: 3 * 60_000 },
    async () => {
      await openSidebar();
      const first = await poll(() => scans()[0], { timeout: 60_000, what: 'the first scan told in the output' });
      console.log(`# ${first}`);
      assert.match(first, /3 logs listed; 3 new to it: 3 read, 0 read from where they were indexed to, 0 unchanged/);
      await poll(async () => /\bbig \d/.test(await math500Values()), {
        timeout: 60_000,
        what: 'big listed under MATH500',
      });

      // The trainer logs a new evaluation: the sidebar shows it without reading the 150 MB again.
      fs.appendFileSync(path.join(wb.workspace, BIG), `{"step": ${lastStep + 1}, "${METRIC}": 0.987654}\n`);
      lastStep += 1;
      await poll(async () => (await math500Values()).includes('big 0.987654'), {
        timeout: 30_000,
        what: 'the appended value in the sidebar',
      });
      await wb.shot('sidebar-after-append');
    },
  );

  it(
    'after a window reload, lists the logs from their stored indexes without reading them',
    { timeout: 3 * 60_000 },
    async () => {
      const before = scans().length;
      const navigated = page.waitForEvent('framenavigated', {
        predicate: (f) => f === page.mainFrame(),
        timeout: 60_000,
      });
      await wb.runCommand('Developer: Reload Window');
      await navigated;
      // The sidebar was left on Training Curves: the workbench is back once its view container is.
      await page.locator('.activitybar [aria-label^="Training Curves"]').first().waitFor({ timeout: 60_000 });
      await openSidebar();
      const again = await poll(() => scans()[before], { timeout: 60_000, what: 'the scan after the reload' });
      console.log(`# ${again}`);
      assert.match(again, /3 logs listed; 3 new to it: 0 read, 0 read from where they were indexed to, 3 unchanged/);
      // And the index is the one with the appended value.
      await poll(async () => (await math500Values()).includes('big 0.987654'), { what: 'the stored value' });
      await wb.shot('sidebar-after-reload');
    },
  );

  it('the large log open in the chart editor shows a step appended to it', { timeout: 3 * 60_000 }, async () => {
    await wb.quickOpen(BIG);
    const view = await wb.webviewFor(BIG, 60_000);
    const chart = view.locator(`.tc-card[aria-label="${METRIC}"] canvas`);
    await poll(async () => (await chart.getAttribute('aria-label'))?.includes(`steps 0–${lastStep}`), {
      timeout: 90_000,
      what: `the ${METRIC} chart up to step ${lastStep}`,
    });
    fs.appendFileSync(path.join(wb.workspace, BIG), `{"step": ${lastStep + 50}, "${METRIC}": 0.99}\n`);
    await poll(async () => (await chart.getAttribute('aria-label'))?.includes(`steps 0–${lastStep + 50}`), {
      timeout: 30_000,
      what: `the chart up to the appended step ${lastStep + 50}`,
    });
    await wb.shot('big-after-append');
    await wb.assertCleanConsole();
  });
});
