import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { WebviewToHost } from '../../src/protocol';
import { Store, type VsCodeApi } from '../../webview/store';

/** VS Code's webview API as the store sees it: what it saved and posted. */
function fakeApi(saved?: unknown): VsCodeApi & { saved: unknown; posted: WebviewToHost[] } {
  const api = {
    saved,
    posted: [] as WebviewToHost[],
    postMessage: (message: WebviewToHost) => api.posted.push(message),
    getState: () => api.saved,
    setState: (state: unknown) => (api.saved = state),
  };
  return api;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

test('the store starts from the saved state and saves every change', () => {
  const api = fakeApi({ filter: 'acc', table: true });
  const store = new Store(api);
  assert.equal(store.state.filter, 'acc');
  store.update({ filter: 'loss' });
  assert.equal(store.state.filter, 'loss');
  assert.equal((api.saved as { filter: string; table: boolean }).filter, 'loss');
  assert.equal((api.saved as { filter: string; table: boolean }).table, true);
});

test('only a change of what the host builds the data from is sent to it', () => {
  const api = fakeApi();
  const store = new Store(api);
  store.update({
    filter: 'acc',
    regex: true,
    table: true,
    yScale: 'log',
    xLog: true,
    hiddenRuns: ['a'],
    restore: { id: 1 },
  });
  // Dual-axis names while the mode is off change nothing the host builds.
  store.update({ dualLeft: 'acc', dualRight: 'len' });
  assert.deepEqual(api.posted, []);
  store.update({ ignoreOutliers: true });
  assert.deepEqual(api.posted, [{ type: 'settings', settings: store.settings() }]);
  // The same value again is no change.
  store.update({ ignoreOutliers: true });
  store.update({ dualAxis: true });
  assert.equal(api.posted.length, 2);
  assert.deepEqual(api.posted[1], { type: 'settings', settings: store.settings() });
  assert.deepEqual(store.settings().dualAxis, { left: 'acc', right: 'len' });
});

test('delayed changes go to the host once, after the last; a change without delay sends them at once', async () => {
  const api = fakeApi();
  const store = new Store(api);
  store.update({ smoothingWeight: 0.1 }, 20);
  store.update({ smoothingWeight: 0.2 }, 20);
  assert.deepEqual(api.posted, []);
  assert.equal((api.saved as { smoothingWeight: number }).smoothingWeight, 0.2, 'saved at once');
  await sleep(40);
  assert.deepEqual(api.posted, [{ type: 'settings', settings: store.settings() }]);

  store.update({ smoothingWeight: 0.3 }, 20);
  store.update({ smoothingKind: 'average' });
  await sleep(40);
  assert.equal(api.posted.length, 2);
  assert.deepEqual(api.posted[1], {
    type: 'settings',
    settings: { ...store.settings(), smoothing: { kind: 'average', weight: 0.3 } },
  });
});
