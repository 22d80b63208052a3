// End-to-end: a log of about half a gigabyte, whose first read takes seconds. The chart editor shows the
// charts parsed so far while the rest is read ("— loading…" in the view, "Reading <file>: P%" in the
// status bar), and closing the editor during that read stops it.
// Run: node --test test/e2e/large.test.mjs
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { once } from 'node:events';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Workbench, poll, sleep } from './workbench.mjs';

const NAME = 'big.metrics.jsonl';
/**
 * Big enough that the first read outlasts the webview's start, and that a read stopped near its start
 * had seconds to go: on this 2-core machine the editor read 640 MB in 5–8 s on one thread (about
 * 100 MB/s when idle, half that when loaded), 720 MB in 6.5 s with worker threads while the charts were
 * redrawn, and a 185 MB log was read before the webview had started. Since reads go by ranges to threads
 * that stay warm, 720 MB was once read in under 1 s after a webview that took 5 s to start: 1000 MB keeps
 * the read going longer, and stays under trainingCurves.largeFileThresholdMB (1024), which would ask first.
 */
const TARGET_BYTES = 1000 * 2 ** 20;
/** A verl-style PPO log: 36 metrics a line, as many as real trainers write, plus step and time. */
const METRICS = [
  ...['loss', 'kl_loss', 'entropy', 'pg_clipfrac', 'ppo_kl', 'grad_norm', 'lr', 'pg_loss'].map((m) => `actor/${m}`),
  ...['vf_loss', 'vf_clipfrac', 'vpred_mean', 'grad_norm', 'lr'].map((m) => `critic/${m}`),
  ...['score', 'rewards', 'advantages'].flatMap((m) => ['mean', 'max', 'min'].map((s) => `critic/${m}/${s}`)),
  'critic/returns/mean',
  ...[
    'response_length/mean',
    'response_length/max',
    'response_length/clip_ratio',
    'prompt_length/mean',
    'prompt_length/max',
  ].map((m) => `response/${m}`),
  ...['gen', 'old_log_prob', 'ref', 'adv', 'update_actor', 'step'].map((m) => `timing_s/${m}`),
  'perf/throughput',
  'perf/max_memory_allocated_gb',
];

/**
 * Writes lines of METRICS to `file` as a stream until it holds `targetBytes`; returns its size and last
 * step. Each metric decays towards a level of its own with noise, as training curves do, in full-precision
 * floats as Python prints them. A value is kept for BUCKET steps (far below a pixel of the chart): formatting
 * half a gigabyte of fresh numbers would take longer than the test.
 */
async function writeLog(file, targetBytes) {
  const BUCKET = 100;
  /** Deterministic noise in [-1, 1). */
  const noise = (n) => (Math.abs(Math.sin(n * 12.9898) * 43758.5453) % 1) * 2 - 1;
  const values = METRICS.map(() => []);
  const value = (i, bucket) =>
    (values[i][bucket] ??= String(
      (i % 7) + 0.5 + (i + 1) * Math.exp(-bucket / (300 + 40 * i)) + 0.15 * ((i % 5) + 1) * noise(bucket * 64 + i),
    ));
  const out = fs.createWriteStream(file);
  let bytes = 0;
  let step = 0;
  while (bytes < targetBytes) {
    let batch = '';
    for (let k = 0; k < 1000; k++, step++) {
      const bucket = Math.floor(step / BUCKET);
      const fields = METRICS.map((m, i) => `"${m}": ${value(i, bucket)}`).join(', ');
      batch += `{"step": ${step}, "time": ${1.7e9 + step * 2.5}, ${fields}}\n`;
    }
    bytes += Buffer.byteLength(batch);
    if (!out.write(batch)) await once(out, 'drain');
  }
  out.end();
  await once(out, 'finish');
  return { bytes, lastStep: step - 1 };
}

/**
 * In the workbench page: records every change of the status bar's window progress ("Reading …: P%",
 * or null when there is none) with its time, in `window.tcProgress`.
 */
function recordProgress() {
  const log = [];
  window.tcProgress = log;
  const read = () => document.getElementById('status.progress')?.textContent ?? null;
  const note = () => {
    const text = read();
    if (log.length === 0 || log[log.length - 1].text !== text) log.push({ t: Date.now(), text });
  };
  note();
  new MutationObserver(note).observe(document.querySelector('.part.statusbar'), {
    subtree: true,
    childList: true,
    characterData: true,
    attributes: true,
  });
}

/**
 * In the chart view: records its status text, how many cards and drawn canvases it has and the last step
 * the first chart reaches (from its accessible description), on every change, in `window.tcViewLog`.
 */
function recordView() {
  const log = [];
  window.tcViewLog = log;
  const note = () => {
    const entry = {
      status: document.querySelector('.tc-status')?.textContent ?? '',
      cards: document.querySelectorAll('.tc-card').length,
      drawn: document.querySelectorAll('.tc-card canvas[aria-label]').length,
      lastStep: Number(
        /steps 0–(\d+)/.exec(document.querySelector('.tc-card canvas')?.getAttribute('aria-label') ?? '')?.[1] ?? NaN,
      ),
    };
    const last = log[log.length - 1];
    if (!last || ['status', 'cards', 'drawn', 'lastStep'].some((k) => !Object.is(last[k], entry[k])))
      log.push({ t: Date.now(), ...entry });
  };
  note();
  new MutationObserver(note).observe(document.body, {
    subtree: true,
    childList: true,
    characterData: true,
    attributes: true,
    attributeFilter: ['aria-label'],
  });
}

/** Resident memory (bytes) of the extension host among the processes under `rootPid` (code-server's). */
function extensionHostRss(rootPid) {
  const rows = execFileSync('ps', ['-eo', 'pid=,ppid=,rss=,args='], { encoding: 'utf8' })
    .split('\n')
    .map((line) => /^\s*(\d+)\s+(\d+)\s+(\d+)\s+(.*)$/.exec(line))
    .filter(Boolean)
    .map(([, pid, ppid, rss, args]) => ({ pid: Number(pid), ppid: Number(ppid), rss: Number(rss) * 1024, args }));
  const under = new Set([rootPid]);
  for (let grew = true; grew;) {
    grew = false;
    for (const row of rows) {
      if (under.has(row.ppid) && !under.has(row.pid)) {
        under.add(row.pid);
        grew = true;
      }
    }
  }
  const host = rows.find((row) => under.has(row.pid) && row.args.includes('--type=extensionHost'));
  assert.ok(host, 'the extension host process');
  return host.rss;
}

/** The percentage in a progress text (after its spinner icon), or undefined for another (or no) progress. */
const PROGRESS = new RegExp(`^Reading ${NAME.replace(/\./g, '\\.')}: (\\d+)%$`);
const percentOf = (text) => {
  const match = PROGRESS.exec(text?.trim() ?? '');
  return match ? Number(match[1]) : undefined;
};

describe('Training Curves shows a large log while it is still being read', () => {
  let wb;
  let page;
  let log;
  /** How long the first read took per percent of the file, measured in the first test. */
  let msPerPercent;

  before(
    async () => {
      const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'tc-large-'));
      try {
        const started = Date.now();
        log = await writeLog(path.join(scratch, NAME), TARGET_BYTES);
        console.log(
          `# wrote ${(log.bytes / 2 ** 20).toFixed(0)} MB, steps 0–${log.lastStep}, in ${Date.now() - started} ms`,
        );
        wb = await Workbench.open('large', { [NAME]: { source: path.join(scratch, NAME) } });
      } finally {
        fs.rmSync(scratch, { recursive: true, force: true });
      }
      page = wb.page;
      await page.evaluate(recordProgress);
    },
    { timeout: 20 * 60_000 },
  );

  after(() => wb?.close());

  const progressLog = () => page.evaluate(() => window.tcProgress);
  const progressText = () => page.evaluate(() => document.getElementById('status.progress')?.textContent ?? null);

  /** The first chart view of NAME, with its recorder installed as soon as its page has started. */
  async function openView() {
    await wb.quickOpen(NAME);
    const view = await wb.webviewFor(NAME, 60_000);
    await view.evaluate(recordView);
    return view;
  }

  /** Closes the active editor with Ctrl+W; returns when the key was pressed and the progress shown just before. */
  async function closeEditor() {
    const shown = await progressText();
    const t = Date.now();
    await page.keyboard.press('Control+W');
    return { t, shown };
  }

  it(
    'draws the first charts while the rest is read, then all of them up to the last step',
    { timeout: 5 * 60_000 },
    async () => {
      const rssBefore = extensionHostRss(wb.server.pid);
      const opened = Date.now();
      const view = await openView();
      console.log(`# view started ${Date.now() - opened} ms after quick open`);

      // Screenshot once charts are drawn mid-read; then wait for the read to end.
      let midShot;
      const last = await poll(
        async () => {
          const entry = await view.evaluate(() => window.tcViewLog.at(-1));
          if (!midShot && entry.drawn > 0 && entry.status.endsWith(' — loading…')) midShot = await wb.shot('mid-load');
          return /^\d+ charts$/.test(entry.status) && entry;
        },
        { timeout: 3 * 60_000, what: 'the view telling all charts are read' },
      );
      await wb.shot('loaded');
      const viewLog = await view.evaluate(() => window.tcViewLog);
      await poll(async () => (await progressText()) === null, {
        timeout: 10_000,
        what: 'the status bar progress gone after the read',
      });
      const progress = await progressLog();
      // What the view and the status bar said when, in ms after quick open: for a failure, or a slow machine.
      const timeline = (entries) => entries.map((e) => ({ ...e, t: e.t - opened }));
      fs.writeFileSync(
        path.join(wb.shots, 'timeline.json'),
        JSON.stringify({ view: timeline(viewLog), statusBar: timeline(progress) }, null, 1),
      );
      console.log(`# view: ${JSON.stringify(timeline(viewLog))}`);

      /** The status bar's progress text at time `t`. */
      const progressAt = (t) => progress.filter((e) => e.t <= t).at(-1)?.text ?? null;
      const midRead = viewLog.filter(
        (e) => e.drawn > 0 && /^\d+ charts? — loading…$/.test(e.status) && percentOf(progressAt(e.t)) !== undefined,
      );
      assert.ok(
        midRead.length > 0,
        'charts should be drawn while the view says "loading…" and the status bar shows the read progress',
      );
      // Those charts hold the part of the file read so far.
      assert.ok(
        midRead.every((e) => e.lastStep < log.lastStep),
        `mid-read charts should end before step ${log.lastStep}`,
      );
      assert.ok(midShot, 'a screenshot of the charts mid-read');
      // Before the first charts the view says it is loading; it never counts charts as complete early.
      assert.ok(
        viewLog.every((e) => e.t >= last.t || /Loading…| — loading…$/.test(e.status)),
        'the view should say "loading…" until the read ends',
      );
      const percents = progress.map((e) => percentOf(e.text)).filter((p) => p !== undefined);
      assert.ok(
        percents.length >= 2 && percents.every((p, i) => i === 0 || p >= percents[i - 1]),
        `progress should count up: ${percents}`,
      );

      // Every metric is charted, each up to the file's last step.
      assert.equal(last.status, `${METRICS.length} charts`);
      const cards = await view.locator('.tc-card').evaluateAll((els) => els.map((e) => e.getAttribute('aria-label')));
      assert.deepEqual(cards.sort(), [...METRICS].sort());
      const labels = await view
        .locator('.tc-card canvas')
        .evaluateAll((els) => els.map((e) => e.getAttribute('aria-label')));
      for (const label of labels) assert.match(label, new RegExp(`, steps 0–${log.lastStep}\\b`));

      // The read's pace, for the next test: from the first percentage shown to the progress going away.
      const firstShown = progress.find((e) => percentOf(e.text) !== undefined);
      const ended = progress.findLast((e) => e.text === null);
      msPerPercent = (ended.t - firstShown.t) / (100 - percentOf(firstShown.text));
      console.log(
        `# read from ${percentOf(firstShown.text)}% to the end in ${ended.t - firstShown.t} ms (${msPerPercent.toFixed(0)} ms per percent)`,
      );

      // The extension host parsed it with worker threads: Output › Training Curves tells so, with the times.
      const told = await poll(() => wb.outputLines(`${NAME}: read ${(log.bytes / 2 ** 20).toFixed(0)} MB`)[0], {
        timeout: 10_000,
        what: 'the read told in the Training Curves log',
      });
      console.log(`# log: ${told}`);
      const [, parsedMs, merged, parts] =
        /parsed in (\d+) ms \((\d+) of (\d+) parts by worker threads\)/.exec(told) ?? [];
      assert.ok(parts, `the log should say worker threads parsed the parts: ${told}`);
      assert.ok(
        Number(parts) >= 40 && Number(merged) === Number(parts),
        `every part should come from the threads: ${told}`,
      );
      assert.ok(Number(parsedMs) > 0);

      // What stays in the extension host is the columns (about a quarter of the file), not the file's bytes:
      // once the read is done they are garbage (collected when V8 gets to it; a view of them once kept them).
      const { growth } = await poll(
        async () => {
          const grown = extensionHostRss(wb.server.pid) - rssBefore;
          return grown < 0.6 * log.bytes && { growth: grown };
        },
        {
          timeout: 60_000,
          what: `the extension host to grow by less than 0.6× the file (${(log.bytes / 2 ** 20).toFixed(0)} MB)`,
        },
      );
      console.log(
        `# extension host grew by ${(growth / 2 ** 20).toFixed(0)} MB after the read (${(growth / log.bytes).toFixed(2)}× the file)`,
      );

      const closed = await closeEditor();
      await poll(() => view.isDetached(), { what: 'the editor closed' });
      assert.equal(closed.shown, null, 'nothing should be read any more');
    },
  );

  it('closing the editor during the first read stops the read', { timeout: 5 * 60_000 }, async () => {
    assert.ok(msPerPercent, 'the first test measures how fast the log is read');
    const earlier = (await progressLog()).length;
    await wb.quickOpen(NAME);
    // The log was released when its last editor closed: it is read again from the start, with progress.
    // Watched in the page itself, so the editor closes as early in the read as a test can.
    const started = await page
      .waitForFunction(
        (pattern) => new RegExp(pattern).test(document.getElementById('status.progress')?.textContent.trim() ?? ''),
        PROGRESS.source,
        { timeout: 60_000, polling: 50 },
      )
      .catch((e) => {
        throw new Error('no read progress after the log was opened again: was it still held after its editor closed?', {
          cause: e,
        });
      });
    await started.dispose();
    const closed = await closeEditor();
    const atClose = percentOf(closed.shown);
    assert.ok(
      atClose !== undefined,
      `the read should still be going when the editor closes (status bar: ${closed.shown})`,
    );
    const gone = await poll(
      async () => {
        const log = await progressLog();
        return log.slice(earlier).find((e) => e.t >= closed.t && e.text === null);
      },
      { timeout: 60_000, what: 'the status bar progress gone after the editor closed' },
    );
    const took = gone.t - closed.t;
    assert.equal(await page.locator('.tabs-container .tab').count(), 0, 'the editor should be closed');
    const rest = (100 - atClose) * msPerPercent;
    await wb.shot('closed-mid-read');
    console.log(
      `# closed at ${atClose}%: progress gone after ${took} ms; the rest of the read would have taken about ${rest.toFixed(0)} ms`,
    );
    const MARGIN = 3000;
    assert.ok(took <= MARGIN, `the progress should be gone within ${MARGIN} ms of closing, not ${took} ms`);
    // The extension's log tells where the read stopped: not at its end, and soon after where it was at the close.
    const stopped = await poll(() => wb.outputLines(`${NAME}: read stopped at `).at(-1), {
      timeout: 10_000,
      what: 'the stop told in the log',
    });
    console.log(`# log: ${stopped}`);
    const stoppedAt = Number(/stopped at (\d+)%/.exec(stopped)[1]);
    assert.ok(
      stoppedAt >= atClose && stoppedAt < 100,
      `the read should stop soon after ${atClose}%, not at ${stoppedAt}%`,
    );
    assert.ok(
      (stoppedAt - atClose) * msPerPercent <= MARGIN,
      `the read went on from ${atClose}% to ${stoppedAt}% after the close`,
    );
    // It stays gone: the read does not go on in the background.
    await sleep(2000);
    assert.deepEqual(
      (await progressLog()).filter((e) => e.t > gone.t),
      [],
    );
  });

  it(
    'opens fully again after a stopped read, and logs no CSP violation or uncaught error',
    { timeout: 5 * 60_000 },
    async () => {
      const view = await openView();
      await poll(async () => (await view.locator('.tc-status').textContent()) === `${METRICS.length} charts`, {
        timeout: 3 * 60_000,
        what: 'all charts read',
      });
      const label = await view.locator(`.tc-card[aria-label="${METRICS[0]}"] canvas`).getAttribute('aria-label');
      assert.match(label, new RegExp(`, steps 0–${log.lastStep}\\b`));
      await wb.shot('reopened');
      await wb.assertCleanConsole();
    },
  );
});
