// End-to-end (issue #12): a workspace holding an MLflow file store (`mlruns/`). The sidebar lists its live
// runs by their `mlflow.runName` tag, hides a soft-deleted run (`lifecycle_stage: deleted`) unless
// `trainingCurves.showDeletedMlflowRuns` is on, and runs and stores that appear while the window is open
// are picked up, all without an error notification. Run: node --test test/e2e/mlflow.test.mjs
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { ROOT } from '../../scripts/codeserver.mjs';
import { Workbench, poll, sleep } from './workbench.mjs';

const STORE = path.join(ROOT, 'test', 'fixtures', 'mlflow-store', 'mlruns');

/** Each run folder of the fixture store: its runName tag and whether MLflow marks it deleted, read from its files. */
function storeRuns() {
  const runs = [];
  for (const experiment of fs.readdirSync(STORE)) {
    const folder = path.join(STORE, experiment);
    if (!fs.statSync(folder).isDirectory()) continue;
    for (const id of fs.readdirSync(folder)) {
      const run = path.join(folder, id);
      if (!fs.statSync(run).isDirectory()) continue;
      const meta = fs.readFileSync(path.join(run, 'meta.yaml'), 'utf8');
      runs.push({
        name: fs.readFileSync(path.join(run, 'tags', 'mlflow.runName'), 'utf8').trim(),
        deleted: /^lifecycle_stage: deleted$/m.test(meta),
      });
    }
  }
  return runs;
}

describe('Training Curves lists the runs of an MLflow store', () => {
  let wb;
  let page;
  const live = storeRuns()
    .filter((r) => !r.deleted)
    .map((r) => r.name);
  const deleted = storeRuns()
    .filter((r) => r.deleted)
    .map((r) => r.name);

  before(
    async () => {
      wb = await Workbench.open('mlflow', { mlruns: { source: STORE } });
      page = wb.page;
    },
    { timeout: 20 * 60_000 },
  );

  after(() => wb?.close());

  const tree = () => page.locator('.pane-body', { has: page.locator('.monaco-list-row', { hasText: 'Benchmarks' }) });
  /** The description of the sidebar row labelled `label` (`Methods` → the number of methods). */
  const description = (label) =>
    tree()
      .locator('.monaco-list-row')
      .filter({ has: page.locator('.label-name', { hasText: new RegExp(`^${label}$`) }) })
      .locator('.label-description')
      .textContent();

  /** The sidebar's row labels, once it shows its roots. */
  async function sidebarLabels() {
    await tree().locator('.monaco-list-row').first().waitFor({ timeout: 30_000 });
    return tree().locator('.monaco-list-row .label-name').allTextContents();
  }

  /** Polls the sidebar until `check(labels)` holds; fails with what it showed and a screenshot. */
  async function waitForSidebar(check, what) {
    let shown = [];
    await poll(async () => check((shown = await sidebarLabels())), { timeout: 30_000, what }).catch(async (e) => {
      const shot = await wb.shot('FAILED-sidebar');
      throw new Error(`${e.message}; the sidebar shows ${JSON.stringify(shown)} (${shot})`);
    });
    return shown;
  }

  /** Messages of the error notifications so far, read in the notification center (a toast may have hidden already). */
  async function errorNotifications() {
    await wb.runCommand('Notifications: Show Notifications');
    const center = page.locator('.notifications-center');
    await center.waitFor();
    const messages = await center
      .locator('.notification-list-item')
      .filter({ has: page.locator('.codicon-error') })
      .locator('.notification-list-item-message')
      .allTextContents();
    await wb.runCommand('Notifications: Hide Notifications');
    await center.waitFor({ state: 'hidden' });
    return messages;
  }

  it(
    'lists the live runs by their runName and not the deleted one, with no error notification',
    { timeout: 90_000 },
    async () => {
      assert.deepEqual([live.length, deleted.length], [2, 1], 'the fixture store: two live runs and a deleted one');
      await page.locator('.activitybar [aria-label^="Training Curves"]').first().click();
      const shown = await waitForSidebar(
        (labels) => live.every((name) => labels.includes(name)),
        'the live runs in the sidebar',
      );
      await wb.shot('sidebar');
      for (const name of deleted) assert.ok(!shown.includes(name), `the deleted run ${name} is listed`);
      // Nor does it count among the methods, or among the runs of the benchmark all three logged.
      assert.equal(await description('Methods'), String(live.length));
      assert.equal(await description('gsm8k'), `1 metric · ${live.length} runs`);
      // The sidebar's welcome text would mean it found no runs at all.
      assert.equal(await page.getByText('No training logs in this workspace yet.').count(), 0);
      assert.deepEqual(await errorNotifications(), []);
    },
  );

  it('a run clicked in the sidebar opens its charts, the tab named by its runName', { timeout: 90_000 }, async () => {
    const [name] = live;
    await tree()
      .locator('.monaco-list-row')
      .filter({ has: page.locator('.label-name', { hasText: new RegExp(`^${name}$`) }) })
      .click();
    const view = await wb.webviewTitled(/./);
    await wb.waitForCharts(view);
    await wb.shot('run-charts');
    const charts = await view
      .locator('.tc-card')
      .evaluateAll((cards) => cards.map((c) => c.getAttribute('aria-label')));
    assert.deepEqual(charts, ['eval/gsm8k/accuracy']);
    // The run list, the view's title and its tab all say the runName, not the run-id folder.
    await poll(async () => (await view.locator('.tc-title').textContent()).includes(name), {
      what: `the view titled with ${name}`,
    });
    const tab = page.locator('.tabs-container .tab.active', { hasText: name });
    await tab.waitFor({ timeout: 10_000 });
    await tab.locator('.tab-actions .action-label').click();
    await tab.waitFor({ state: 'detached' });
    assert.deepEqual(await errorNotifications(), []);
  });

  /** Writes an MLflow run folder under `experiment` as MLflow does when a run starts: meta.yaml, the runName tag. */
  function startRun(experiment, id, name) {
    const run = path.join(experiment, id);
    fs.mkdirSync(path.join(run, 'metrics'), { recursive: true });
    fs.mkdirSync(path.join(run, 'tags'));
    fs.writeFileSync(
      path.join(run, 'meta.yaml'),
      `experiment_id: '${path.basename(experiment)}'\nlifecycle_stage: active\nrun_id: ${id}\n`,
    );
    fs.writeFileSync(path.join(run, 'tags', 'mlflow.runName'), name);
    return run;
  }

  /** Appends points to a metric of a run folder as log_metric does (a key with `/` is a subfolder). */
  function logMetric(run, key, lines) {
    const file = path.join(run, 'metrics', ...key.split('/'));
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.appendFileSync(file, lines);
  }

  it(
    'a run started in the store while the window is open is listed once it logs a metric',
    { timeout: 90_000 },
    async () => {
      const run = startRun(path.join(wb.workspace, 'mlruns', '915'), '5f1c84a6bde27d0c2a7f9e1bd25d6e7f', 'ppo-lr1e-3');
      logMetric(run, 'eval/gsm8k/accuracy', '1746190100000 0.25 0\n1746190200000 0.31 100\n');
      await waitForSidebar((labels) => labels.includes('ppo-lr1e-3'), 'the new run in the sidebar');
      assert.deepEqual(await errorNotifications(), []);
    },
  );

  it(
    'a store moved into the workspace while the window is open is listed, its runs by runName',
    { timeout: 90_000 },
    async () => {
      // Made outside the workspace, then moved in: one event, for the store's folder only.
      const staging = path.join(wb.tmp, 'staging-mlruns');
      const run = startRun(path.join(staging, '7'), '4e0b73f5acd16c9b1f6e8d0ac14c5d6e', 'ppo-late');
      logMetric(run, 'eval/gsm8k/accuracy', '1746190100000 0.3 0\n1746190200000 0.4 100\n');
      fs.mkdirSync(path.join(wb.workspace, 'later'));
      await sleep(1000); // the watcher watches the new folder before the store arrives in it
      fs.renameSync(staging, path.join(wb.workspace, 'later', 'mlruns'));
      const shown = await waitForSidebar(
        (labels) => labels.includes('ppo-late'),
        "the moved-in store's run in the sidebar",
      );
      await wb.shot('sidebar-new-store');
      for (const name of live) assert.ok(shown.includes(name), `${name} is no longer listed`);
      assert.deepEqual(await errorNotifications(), []);
    },
  );

  it('trainingCurves.showDeletedMlflowRuns shows the deleted run', { timeout: 90_000 }, async () => {
    fs.mkdirSync(path.join(wb.workspace, '.vscode'), { recursive: true });
    fs.writeFileSync(
      path.join(wb.workspace, '.vscode', 'settings.json'),
      '{ "trainingCurves.showDeletedMlflowRuns": true }\n',
    );
    await waitForSidebar((labels) => deleted.every((name) => labels.includes(name)), 'the deleted run in the sidebar');
    await wb.shot('sidebar-deleted-shown');
    fs.writeFileSync(path.join(wb.workspace, '.vscode', 'settings.json'), '{}\n');
    await waitForSidebar((labels) => deleted.every((name) => !labels.includes(name)), 'the deleted run hidden again');
    assert.deepEqual(await errorNotifications(), []);
  });

  it('logs no uncaught error', { timeout: 60_000 }, async () => {
    fs.writeFileSync(path.join(wb.shots, 'console.json'), JSON.stringify(wb.consoleLog, null, 2));
    assert.deepEqual(wb.problems(), []);
  });
});
