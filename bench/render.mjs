// Render benchmark in Chromium (issue #7): a comparison of 10 runs × 1M points of one metric.
//
// Our path: the host downsamples each run to the chart's width (buildCharts, compiled into out/ by
// `npm run bench`), the data message goes to the real webview bundle (dist/webview/main.js) in Debian's
// Chromium, and we time until its canvas holds the drawn chart. A zoom is a real drag on the chart:
// the webview zooms its old points at once and asks the host for the range (a settings message), the
// host downsamples the range at full detail, and the webview redraws.
//
// Baseline, same run, same canvas size: Chart.js given all 10 × 1M points with `parsing: false` and its
// built-in LTTB decimation (bench/render-baseline.js); zooming sets the x scale's limits and updates.
//
// Times are wall times measured inside the page with performance.now(), except the host's buildCharts
// (wall time in Node). "Drawn" means the canvas' pixels changed: checked right after the webview
// handled the message (Chart.js draws synchronously with animation off), then at every frame.
// Run alone with `node bench/render.mjs` (after `npx tsc -p test/tsconfig.json`; `--help` for options),
// or from bench/run.mjs.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { loadavg } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { RUNS, POINTS, makeSeries } from './render-data.mjs';
import { webviewPage } from '../test/webview/page.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);
const ORIGIN = 'https://bench.test';
/** One chart per row, so its plot is about 600 px wide (the grid's columns are at least 340 px). */
const VIEWPORT = { width: 700, height: 900 };
/** Page loads (each: first render, then one zoom); the baseline is slow, so fewer. */
const REPS = 5;
const BASELINE_REPS = 3;

const USAGE = `node bench/render.mjs [--reps N] [--no-baseline] [--profile DIR]
  --reps N       page loads for ours (default ${REPS}; the baseline gets ${BASELINE_REPS})
  --no-baseline  skip Chart.js' own decimation (its columns stay empty)
  --profile DIR  write DevTools CPU profiles of the page's first render and zoom (first page load),
                 and of the host's buildCharts for both, into DIR (open them in Chrome's DevTools)`;
/** The zoom: a drag over this share of the plot's width, around its middle. */
const ZOOM_FROM = 0.45;
const ZOOM_TO = 0.55;

/** Builds the webview bundle when it is missing or older than its sources. */
function ensureWebviewBundle() {
  const bundle = join(root, 'dist/webview/main.js');
  // Recursive: the chart code lives in webview/chart/.
  const sources = [
    join(root, 'src/protocol.ts'),
    ...readdirSync(join(root, 'webview'), { recursive: true }).map((f) => join(root, 'webview', String(f))),
  ];
  const built = existsSync(bundle) ? statSync(bundle).mtimeMs : 0;
  if (existsSync(join(root, 'dist/webview/main.css')) && sources.every((s) => statSync(s).mtimeMs <= built)) return;
  console.error('building dist/ (node esbuild.js)');
  const result = spawnSync(process.execPath, ['esbuild.js'], { cwd: root, encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`node esbuild.js failed: ${result.stderr.trim()}`);
}

/** The baseline page script, bundled in memory. */
async function baselineScript() {
  const esbuild = require('esbuild');
  const out = await esbuild.build({
    entryPoints: [join(root, 'bench/render-baseline.js')],
    bundle: true,
    write: false,
    format: 'iife',
    platform: 'browser',
    target: 'es2022',
    logLevel: 'silent',
  });
  return out.outputFiles[0].text;
}

// In-page helpers, for both pages: a fingerprint of a canvas' pixels (0 while blank), and a promise of
// the ms from t0 until the canvas shows something other than `before`. The time is taken before the
// pixels are read, so reading them is not counted.
const HELPERS = `
window.__fingerprint = (canvas) => {
  if (!canvas || canvas.width === 0 || canvas.height === 0) return 0;
  const { data } = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height);
  let h = 0;
  for (let i = 0; i < data.length; i += 4) h = (Math.imul(h, 31) + data[i] * 3 + data[i + 1] * 5 + data[i + 2] * 7 + data[i + 3]) | 0;
  return h;
};
window.__drawnSince = (t0, find, before) => new Promise((resolve) => {
  const check = () => {
    const t = performance.now();
    const print = window.__fingerprint(find());
    if (print !== 0 && print !== before) resolve(t - t0);
    else requestAnimationFrame(check);
  };
  check();
});
`;

// The stand-in for VS Code around the webview: acquireVsCodeApi, posts recorded with their time, the
// time of the last mouseup (where a drag-zoom ends), and a poster timed until the chart is drawn.
const STUB = `${HELPERS}
window.__posted = [];
window.acquireVsCodeApi = () => ({
  postMessage: (m) => window.__posted.push({ t: performance.now(), message: JSON.parse(JSON.stringify(m)) }),
  getState: () => undefined,
  setState: () => {},
});
window.addEventListener('mouseup', () => (window.__mouseUp = performance.now()), true);
/** Posts the stashed message as VS Code would (structured clone of Float64Arrays) and times it until drawn. */
window.__postAndTime = () => new Promise((resolve) => {
  const message = window.__pending;
  const find = () => document.querySelector('.tc-card canvas');
  const before = window.__fingerprint(find());
  // Registered after the webview's own listener, so it runs once the webview handled the message.
  window.addEventListener('message', () => window.__drawnSince(t0, find, before).then(resolve), { once: true });
  const t0 = performance.now();
  window.postMessage(message, '*');
});
`;

const WEBVIEW_PAGE = webviewPage(ORIGIN, 'render bench');

const BASELINE_PAGE = `<!DOCTYPE html>
<html lang="en"><head><meta charset="UTF-8"><title>baseline</title></head>
<body style="margin: 0">
<script src="${ORIGIN}/helpers.js"></script>
<script src="${ORIGIN}/baseline.js"></script>
</body>
</html>`;

function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/** A data message as the host sends it, with series as plain arrays for the trip into the page. */
function dataMessage(charts) {
  return {
    type: 'data',
    title: 'render benchmark',
    xAxis: 'step',
    charts: charts.map((c) => ({ ...c, series: c.series.map((s) => ({ ...s, x: [...s.x], y: [...s.y] })) })),
    runs: Array.from({ length: RUNS }, (_, i) => ({ id: `run ${i}`, label: `run ${i}` })),
    skipped: { count: 0, first: [] },
    notices: [],
    complete: true,
  };
}

/** Moves the stashed message's series back into Float64Arrays, as the host posts them. */
function stash(page, message) {
  return page.evaluate((m) => {
    for (const c of m.charts)
      for (const s of c.series) {
        s.x = Float64Array.from(s.x);
        s.y = Float64Array.from(s.y);
      }
    window.__pending = m;
  }, message);
}

async function metricsOf(cdp) {
  const { metrics } = await cdp.send('Performance.getMetrics');
  return (name) => metrics.find((m) => m.name === name)?.value ?? NaN;
}

/** JS heap of the page now (CDP): used, and committed by V8 (which stays near the peak for a while). */
async function heapOf(cdp) {
  const get = await metricsOf(cdp);
  return { used: get('JSHeapUsedSize'), total: get('JSHeapTotalSize') };
}

/**
 * Runs `inPage` (which resolves with the wall ms it measured) and also returns the CPU ms of the page's
 * main thread meanwhile (CDP ThreadTime; includes the pixel checks and CDP's own work, a few ms).
 */
async function measure(page, cdp, inPage, arg, profile) {
  if (profile) {
    await cdp.send('Profiler.enable');
    await cdp.send('Profiler.start');
  }
  const before = (await metricsOf(cdp))('ThreadTime');
  const wall = await page.evaluate(inPage, arg);
  const cpu = ((await metricsOf(cdp))('ThreadTime') - before) * 1000;
  if (profile) writeFileSync(profile, JSON.stringify((await cdp.send('Profiler.stop')).profile));
  return { wall, cpu };
}

/** CPU ms of the host (this process) for fn, and its result: robust to the machine's other load. */
function hostTime(fn) {
  const start = process.cpuUsage();
  const result = fn();
  const used = process.cpuUsage(start);
  return { ms: (used.user + used.system) / 1000, result };
}

/** hostTime, with a CPU profile of fn written to `file` (node:inspector) when there is one. */
async function hostTimeProfiled(fn, file) {
  if (!file) return hostTime(fn);
  const { Session } = await import('node:inspector');
  const session = new Session();
  session.connect();
  const post = (method, params) =>
    new Promise((resolve, reject) => session.post(method, params, (e, r) => (e ? reject(e) : resolve(r))));
  await post('Profiler.enable');
  await post('Profiler.start');
  const timed = hostTime(fn);
  writeFileSync(file, JSON.stringify((await post('Profiler.stop')).profile));
  session.disconnect();
  return timed;
}

/**
 * `reps`: page loads for ours; `baseline: false` skips Chart.js' own decimation; `profile`: a folder to
 * write CPU profiles of the first page load's render and zoom (page and host) into.
 */
export async function benchRender({ reps = REPS, baseline: withBaseline = true, profile } = {}) {
  if (profile) mkdirSync(profile, { recursive: true });
  const loadAtStart = loadavg()[0];
  const profileOf = (rep, name) => (profile && rep === 0 ? join(profile, `${name}.cpuprofile`) : undefined);
  ensureWebviewBundle();
  const { buildCharts, ColumnMemo, POINTS_PER_PIXEL } = require(join(root, 'out/src/core/charts.js'));
  const { chartPoints } = require(join(root, 'out/src/core/downsample.js'));
  const { Pyramid } = require(join(root, 'out/src/core/pyramid.js'));
  const { CHROMIUM, CHROMIUM_ARGS } = await import(pathToFileURL(join(root, 'scripts/codeserver.mjs')).href);
  const { chromium } = require('playwright-core');

  // The host's columns: what the parser keeps for 10 runs of 1M steps.
  const runs = Array.from({ length: RUNS }, (_, run) => {
    const { steps, values } = makeSeries(run);
    const empty = new Float64Array(0);
    return {
      id: `run ${run}`,
      label: `run ${run}`,
      metrics: new Map([['train/loss', { steps, values, length: POINTS }]]),
      times: { steps: empty, values: empty, length: 0 },
    };
  });

  const files = {
    'index.html': WEBVIEW_PAGE,
    'baseline.html': BASELINE_PAGE,
    'stub.js': STUB,
    'helpers.js': HELPERS,
    'baseline.js': await baselineScript(),
    'main.js': readFileSync(join(root, 'dist/webview/main.js')),
    'main.css': readFileSync(join(root, 'dist/webview/main.css')),
  };
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
  const problems = [];
  const newPage = async () => {
    const page = await browser.newPage({ viewport: VIEWPORT });
    page.on('pageerror', (e) => problems.push(e.message));
    await page.route(`${ORIGIN}/**`, (route) => {
      const name = new URL(route.request().url()).pathname.slice(1);
      const body = files[name];
      if (body === undefined) return route.fulfill({ status: 404, body: '' });
      const type = name.endsWith('.html') ? 'text/html' : name.endsWith('.css') ? 'text/css' : 'text/javascript';
      return route.fulfill({ status: 200, contentType: type, body });
    });
    const cdp = await page.context().newCDPSession(page);
    await cdp.send('Performance.enable');
    return { page, cdp };
  };

  try {
    const ours = {
      host: [],
      summaries: [],
      page: [],
      localZoom: [],
      zoomHost: [],
      zoomDownsample: [],
      zoomPage: [],
      heap: undefined,
      chartWidth: 0,
      canvas: undefined,
      points: 0,
    };
    for (let rep = 0; rep < reps; rep++) {
      const { page, cdp } = await newPage();
      await page.goto(`${ORIGIN}/index.html`);
      await page.waitForFunction(() => window.__posted.some((p) => p.message.type === 'ready'));
      const ready = await page.evaluate(() => window.__posted.find((p) => p.message.type === 'ready').message);
      ours.chartWidth = ready.chartWidth;

      // As a view does: one memo for the data as it is, reused by the zoom (see ColumnMemo).
      const memo = new ColumnMemo();
      const { ms, result: charts } = await hostTimeProfiled(
        () => buildCharts(runs, ready.chartWidth, undefined, ready.settings, memo),
        profileOf(rep, 'host-first-render'),
      );
      ours.host.push(ms);
      // The part of it that is building each column's min/max summary (kept for the zooms).
      ours.summaries.push(hostTime(() => runs.forEach((run) => new Pyramid(run.metrics.get('train/loss')))).ms);
      ours.points = charts[0].series.reduce((n, s) => n + s.x.length, 0);
      await stash(page, dataMessage(charts));
      await cdp.send('HeapProfiler.collectGarbage');
      ours.page.push(
        await measure(page, cdp, () => window.__postAndTime(), undefined, profileOf(rep, 'page-first-render')),
      );
      if (rep === 0) ours.heap = await heapOf(cdp);

      // Drag over the middle of the plot area, as a user zooms.
      const canvas = page.locator('.tc-card canvas').first();
      const box = await canvas.boundingBox();
      ours.canvas = { width: box.width, height: box.height };
      const posted = await page.evaluate(() => window.__posted.length);
      const plotLeft = box.x + box.width - ready.chartWidth;
      const y = box.y + box.height / 2;
      await page.mouse.move(plotLeft + ready.chartWidth * ZOOM_FROM, y);
      await page.mouse.down();
      await page.mouse.move(plotLeft + ready.chartWidth * ZOOM_TO, y, { steps: 4 });
      await page.mouse.up();
      await page.waitForFunction((n) => window.__posted.slice(n).some((p) => p.message.type === 'settings'), posted);
      const { t, message } = await page.evaluate(
        (n) => window.__posted.slice(n).find((p) => p.message.type === 'settings'),
        posted,
      );
      ours.localZoom.push(t - (await page.evaluate(() => window.__mouseUp)));
      ours.range = message.settings.range;
      const zoomed = await hostTimeProfiled(
        () => buildCharts(runs, ready.chartWidth, undefined, message.settings, memo),
        profileOf(rep, 'host-zoom'),
      );
      ours.zoomHost.push(zoomed.ms);
      // The part of it that is the range's downsampling; the rest is building the payload.
      const { min, max } = message.settings.range;
      ours.zoomDownsample.push(
        hostTime(() =>
          runs.forEach((run) => {
            const col = run.metrics.get('train/loss');
            chartPoints(col, ready.chartWidth * POINTS_PER_PIXEL, min, max, () => memo.pyramid(col));
          }),
        ).ms,
      );
      await stash(page, dataMessage(zoomed.result));
      ours.zoomPage.push(
        await measure(page, cdp, () => window.__postAndTime(), undefined, profileOf(rep, 'page-zoom')),
      );
      await page.close();
    }

    const baseline = { points: [], draw: [], zoom: [], heap: undefined };
    for (let rep = 0; rep < (withBaseline ? BASELINE_REPS : 0); rep++) {
      const { page, cdp } = await newPage();
      await page.goto(`${ORIGIN}/baseline.html`);
      baseline.points.push(await page.evaluate(() => window.__baseline.makePoints()));
      await cdp.send('HeapProfiler.collectGarbage');
      baseline.draw.push(
        await measure(
          page,
          cdp,
          ([w, h, samples]) => {
            const t0 = performance.now();
            const canvas = window.__baseline.render(w, h, samples);
            return window.__drawnSince(t0, () => canvas, 0);
          },
          [ours.canvas.width, ours.canvas.height, ours.chartWidth],
        ),
      );
      if (rep === 0) baseline.heap = await heapOf(cdp);
      baseline.zoom.push(
        await measure(
          page,
          cdp,
          ([min, max]) => {
            const canvas = document.querySelector('canvas');
            const before = window.__fingerprint(canvas);
            const t0 = performance.now();
            window.__baseline.zoom(min, max);
            return window.__drawnSince(t0, () => canvas, before);
          },
          [ours.range.min, ours.range.max],
        ),
      );
      await page.close();
    }
    if (problems.length > 0) throw new Error(`errors in the page: ${problems.join('; ')}`);

    // Medians of {wall, cpu} pairs, each kind on its own; `host` (CPU ms) is added to both.
    const pair = (pages, host = pages.map(() => 0)) => ({
      wall: median(pages.map((p, i) => host[i] + p.wall)),
      cpu: median(pages.map((p, i) => host[i] + p.cpu)),
    });
    return {
      load: { start: loadAtStart, end: loadavg()[0] },
      reps,
      baselineReps: baseline.draw.length,
      runs: RUNS,
      pointsPerRun: POINTS,
      chartWidth: ours.chartWidth,
      canvas: ours.canvas,
      sentPoints: ours.points,
      range: ours.range,
      ours: {
        hostMs: median(ours.host),
        summariesMs: median(ours.summaries),
        page: pair(ours.page),
        total: pair(ours.page, ours.host),
        localZoomMs: median(ours.localZoom),
        zoomHostMs: median(ours.zoomHost),
        zoomDownsampleMs: median(ours.zoomDownsample),
        zoomPage: pair(ours.zoomPage),
        zoomTotal: pair(ours.zoomPage, ours.zoomHost),
        heap: ours.heap,
      },
      baseline: withBaseline
        ? {
            pointsMs: median(baseline.points),
            draw: pair(baseline.draw),
            zoom: pair(baseline.zoom),
            heap: baseline.heap,
          }
        : undefined,
    };
  } finally {
    await browser.close();
  }
}

const fmt = (x, digits = 0) => x.toFixed(digits);
const mib = (bytes) => `${fmt(bytes / 2 ** 20)} MB`;

/** The render section of bench/RESULTS.md. */
export function renderReport(r) {
  const o = r.ours;
  const b = r.baseline;
  const t = (p) => `${fmt(p.wall)} ms wall / ${fmt(p.cpu)} ms CPU`;
  const ratio = (base, ours) => `${fmt(base.wall / ours.wall, 1)}× wall / ${fmt(base.cpu / ours.cpu, 1)}× CPU`;
  const lines = [];
  lines.push(`## Render: ${r.runs} runs × ${fmt(r.pointsPerRun / 1e6)} M points of one metric, in Chromium`);
  lines.push('');
  lines.push(
    `Medians of ${r.reps} fresh pages (baseline: ${b ? r.baselineReps : 'not run'}). Page times: wall time measured in the page with ` +
      "`performance.now()` until the canvas' pixels change, and CPU time of the page's main thread (CDP `ThreadTime`, " +
      "which also counts the benchmark's pixel checks). Host times (buildCharts in Node) are CPU times; ours = host + page. " +
      `Plot width ${r.chartWidth} px (canvas ${fmt(r.canvas.width)} × ${fmt(r.canvas.height)} CSS px), software rendering ` +
      `(\`--disable-gpu\`). The zoom is a mouse drag over ${fmt((ZOOM_TO - ZOOM_FROM) * 100)}% of the plot ` +
      `(steps ${fmt(r.range.min)}–${fmt(r.range.max)}); the baseline zooms to the same steps. Load average (1 min) at the ` +
      `start and end: ${fmt(r.load.start, 1)} and ${fmt(r.load.end, 1)} (other processes share the machine's cores: wall times grow with it).`,
  );
  lines.push('');
  lines.push(
    '| | ours: host downsampling + webview | baseline: Chart.js, all points, LTTB decimation | baseline ÷ ours |',
  );
  lines.push('|---|---:|---:|---:|');
  lines.push(
    `| first render (target ≤ 200 ms wall) | **${t(o.total)}** (buildCharts ${fmt(o.hostMs)} ms, of which the min/max summaries ${fmt(o.summariesMs)} ms → ${r.sentPoints} points; webview ${t(o.page)}) | ` +
      (b
        ? `${t(b.draw)} (after ${fmt(b.pointsMs)} ms wall building the {x, y} objects, not counted) | ${ratio(b.draw, o.total)} |`
        : '— | — |'),
  );
  lines.push(
    `| zoom re-render at full detail (target ≤ 25 ms wall) | **${t(o.zoomTotal)}** (buildCharts ${fmt(o.zoomHostMs, 1)} ms, of which downsampling the range ${fmt(o.zoomDownsampleMs, 1)} ms; webview ${t(o.zoomPage)}) | ` +
      (b ? `${t(b.zoom)} (scale limits + update) | ${ratio(b.zoom, o.zoomTotal)} |` : '— | — |'),
  );
  lines.push(
    `| zoom, first frame (old points zoomed, before the host answers) | ${fmt(o.localZoomMs)} ms wall | — | — |`,
  );
  lines.push(
    `| page JS heap after the first render: used (committed) | ${mib(o.heap.used)} (${mib(o.heap.total)}) | ` +
      (b ? `${mib(b.heap.used)} (${mib(b.heap.total)}) | ${fmt(b.heap.used / o.heap.used, 1)}× |` : '— | — |'),
  );
  lines.push('');
  lines.push(
    'The first render builds, per column, a min/max summary (`src/core/pyramid.ts`: per block of 64 points and per level above, ' +
      "the indices of its extremes); a range longer than 4× the chart's point budget is then downsampled from it in O(pixels × log n), " +
      "keeping each bucket's first, lowest, highest and last point. A zoom reuses the summaries and what else the view derived " +
      'from the whole columns (last and best points, smoothing: `ColumnMemo`, renewed when a log changes), ' +
      `so its host time is mostly the range's downsampling; the rest (${fmt(Math.max(0, o.zoomHostMs - o.zoomDownsampleMs), 1)} ms) is building the payload.`,
  );
  lines.push('');
  lines.push(
    "Not counted for ours: the message's trip from the extension host to the webview (VS Code's IPC; the data " +
      `message carries ${fmt((r.sentPoints * 16) / 1024)} KB of Float64Arrays). Each first render is in a fresh page with a cold JIT ` +
      "(and the first data message also builds the page's controls).",
  );
  return lines.join('\n') + '\n';
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const args = process.argv.slice(2);
  if (args.includes('--help')) {
    console.log(USAGE);
    process.exit(0);
  }
  const value = (name) => (args.includes(name) ? args[args.indexOf(name) + 1] : undefined);
  const reps = value('--reps') === undefined ? undefined : Number(value('--reps'));
  if (reps !== undefined && !(Number.isInteger(reps) && reps > 0)) throw new Error(USAGE);
  process.stdout.write(
    renderReport(await benchRender({ reps, baseline: !args.includes('--no-baseline'), profile: value('--profile') })),
  );
}
