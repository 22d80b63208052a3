// The browser build (dist/web/extension.js, for VS Code for the Web) loaded in a web worker in Chromium:
// no Node built-ins, no DOM. Run: npm run build && node --test test/web/
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { CHROMIUM, CHROMIUM_ARGS } from '../../scripts/codeserver.mjs';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const SERVED = {
  '/': ['text/html', '<!DOCTYPE html><title>web build</title>'],
  '/worker.js': ['text/javascript', path.join(ROOT, 'test/web/worker.js')],
  '/vscode-stub.js': ['text/javascript', path.join(ROOT, 'test/web/vscode-stub.js')],
  '/extension.js': ['text/javascript', path.join(ROOT, 'dist/web/extension.js')],
};
const manifest = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8'));

let server;
let browser;
let result;

before(async () => {
  assert.ok(fs.existsSync(SERVED['/extension.js'][1]), 'dist/web/extension.js is missing: run `npm run build` first');
  server = http.createServer((req, res) => {
    const entry = SERVED[req.url];
    if (!entry) return void res.writeHead(404).end();
    const [type, body] = entry;
    res.writeHead(200, { 'content-type': type }).end(body.startsWith('<') ? body : fs.readFileSync(body));
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
  const page = await browser.newPage();
  await page.goto(`http://127.0.0.1:${server.address().port}/`);
  const grpo = [...fs.readFileSync(path.join(ROOT, 'samples/grpo.metrics.jsonl'))];
  result = await page.evaluate(
    (files) =>
      new Promise((resolve) => {
        const worker = new Worker('/worker.js');
        worker.onmessage = (e) => resolve(e.data);
        worker.onerror = (e) => resolve({ error: e.message });
        worker.postMessage({ files });
      }),
    { '/ws/grpo.metrics.jsonl': grpo },
  );
});

after(async () => {
  await browser?.close();
  server?.close();
});

test('the web build activates in a worker without Node or the DOM', () => {
  assert.equal(result.error, undefined, result.error);
  const contributed = manifest.contributes.commands.map((c) => c.command).sort();
  assert.deepEqual([...result.commands].sort(), contributed, 'every contributed command is registered');
  assert.deepEqual(
    result.viewTypes,
    manifest.contributes.customEditors.map((e) => e.viewType),
  );
  assert.deepEqual(result.serializers, ['trainingCurves.compare']);
});

test('the web build reads a log through workspace.fs and sends its charts to the webview', () => {
  assert.equal(result.error, undefined, result.error);
  const math = result.charts.find((c) => c.id === 'val-core/MATH500/acc/mean@1');
  assert.ok(math, 'a MATH500 chart');
  const [series] = math.series;
  assert.equal(series.label, 'grpo');
  assert.equal(series.y[series.x.indexOf(120)], 0.82);
  assert.deepEqual(result.rootLabels, ['Benchmarks', 'Methods', 'Diagnostics']);
});

test('the webview page keeps a strict CSP and loads only from the built webview folder', () => {
  assert.equal(result.error, undefined, result.error);
  const csp = /http-equiv="Content-Security-Policy" content="([^"]+)"/.exec(result.html)?.[1] ?? '';
  assert.match(csp, /default-src 'none'/);
  assert.match(csp, /script-src 'nonce-[0-9a-f]{32}'/);
  assert.doesNotMatch(csp, /unsafe-inline|unsafe-eval|\*/);
  assert.deepEqual(result.localResourceRoots, ['file:///ext/dist/webview']);
});

test('a log over the size setting asks before loading, and stays closed when the user declines', () => {
  assert.equal(result.error, undefined, result.error);
  assert.equal(result.warnings.length, 1);
  assert.match(
    result.warnings[0],
    /grpo\.metrics\.jsonl is \d+(\.\d+)? KB, over the .* set in trainingCurves\.largeFileThresholdMB/,
  );
  assert.match(result.declined, /grpo\.metrics\.jsonl was not opened/);
});
