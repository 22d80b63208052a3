// The self-contained HTML report (issue #16) in Chromium with the network off: it draws its charts under
// its own strict CSP (no violation), and its hover gives the step and each run's value there, formatted
// as the view formats them. Run: node test/webview/run.mjs test/webview/report.test.mjs
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium } from 'playwright-core';
import { CHROMIUM, CHROMIUM_ARGS } from '../../scripts/codeserver.mjs';
import { importTs } from './tsModule.mjs';

const { reportHtml } = await importTs('src/core/export/report.ts');

const steps = Array.from({ length: 31 }, (_, i) => i * 10);
const grpo = steps.map((s) => 0.5 + 0.3 * (1 - Math.exp(-s / 100)));
const mel = steps.map((s) => 0.52 + 0.31 * (1 - Math.exp(-s / 90)));
// mel misses a step: the hover says which step its value is at.
const melSteps = steps.filter((s) => s !== 120);
const melValues = mel.filter((_, i) => steps[i] !== 120);

test('the report draws its charts offline under its CSP, and its hover tells each run’s value at a step', async () => {
  const html = reportHtml({
    title: 'Compare: grpo vs mel </script><b>x</b>',
    subtitle: 'samples/grpo.metrics.jsonl, samples/mel.metrics.jsonl',
    sentences: ['mel is ahead of grpo on MATH500 at the last step by +0.020 (1 vs 1 seeds: no interval).'],
    tables: [
      {
        caption: 'Summary',
        headers: ['run', 'last'],
        rows: [
          ['grpo', '0.78'],
          ['mel', '0.8'],
        ],
      },
    ],
    charts: [
      {
        title: 'val-core/MATH500/acc/mean@1',
        x: { title: 'step', min: 0, max: 300 },
        y: { title: 'acc/mean@1', min: 0.45, max: 0.9 },
        series: [
          { label: 'grpo', color: '#3794ff', xs: steps, ys: grpo },
          { label: 'mel', color: '#f14c4c', xs: melSteps, ys: melValues },
        ],
      },
    ],
  });
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tc-report-'));
  const file = path.join(dir, 'report.html');
  fs.writeFileSync(file, html);
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
  try {
    const context = await browser.newContext({ viewport: { width: 1000, height: 800 }, offline: true });
    const page = await context.newPage();
    const problems = [];
    page.on('console', (m) => m.type() === 'error' && problems.push(m.text()));
    page.on('pageerror', (e) => problems.push(e.message));
    await page.goto(`file://${file}`);
    assert.equal(await page.title(), 'Compare: grpo vs mel </script><b>x</b>');
    assert.equal(await page.locator('b').count(), 0, 'a name is text, not markup');
    assert.equal(await page.locator('figure svg path.series').count(), 2);

    const svg = page.locator('figure[data-chart="0"] svg');
    const box = await svg.boundingBox();
    // The plot spans x 64…464 of the chart's 480 px (svg.ts plotArea), steps 0…300.
    const at = (step) => ({ x: box.x + ((64 + (step / 300) * 400) / 480) * box.width, y: box.y + box.height / 2 });
    const hover = async (step) => {
      const { x, y } = at(step);
      await page.mouse.move(x, y);
      await page.locator('#tip:not([hidden])').waitFor();
      return page.locator('#tip div').allTextContents();
    };
    const format = (v) => String(Number(v.toPrecision(6)));
    assert.deepEqual(await hover(200), ['Step 200', `grpo: ${format(grpo[20])}`, `mel: ${format(mel[20])}`]);
    assert.deepEqual(await hover(120), [
      'Step 120',
      `grpo: ${format(grpo[12])}`,
      `mel: ${format(mel[11])} (at step 110)`,
    ]);
    await page.screenshot({ path: process.env.REPORT_SHOT ?? path.join(dir, 'report.png') });
    await page.mouse.move(1, 1);
    await page.locator('#tip').waitFor({ state: 'hidden' });
    assert.deepEqual(problems, []);
  } finally {
    await browser.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
