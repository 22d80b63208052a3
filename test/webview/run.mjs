// Webview tests in Chromium: the built bundle (dist/webview) in a page with the editor's CSP and a stub
// `acquireVsCodeApi`, fed with host messages the way VS Code delivers them (a `message` event on window).
// Run after `node esbuild.js`: node test/webview/run.mjs
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { webviewPage } from './page.mjs';
import {
  appendedData,
  askedData,
  COMPARE_TITLE,
  comparisonData,
  decadesData,
  dualAxisData,
  dualAxisPlainData,
  firstData,
  manyRunsData,
  MMLU,
  mmluData,
  noFiniteData,
  relativeTimeData,
  seedsData,
  SEEDS_METRIC,
  smoothedData,
  TOKENS,
  tokensData,
  XSS_NAME,
} from './fixtures.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const dist = path.join(root, 'dist', 'webview');
const shots = path.join(root, 'test-results', 'webview');
const ORIGIN = 'https://webview.test';

// A subset of the variables VS Code's Light Modern and Dark Modern themes set on <html>.
const THEMES = {
  light: {
    bodyClass: 'vscode-light',
    vars: {
      'editor-background': '#ffffff', 'editor-foreground': '#3b3b3b', foreground: '#3b3b3b',
      descriptionForeground: '#717171', 'editorWidget-border': '#e5e5e5', 'editorWidget-background': '#f8f8f8',
      'charts-blue': '#1a85ff', 'charts-red': '#e51400', 'charts-orange': '#d18616', 'charts-green': '#388a34',
      'charts-purple': '#652d90', 'charts-yellow': '#bf8803',
      'editorHoverWidget-background': '#f8f8f8', 'editorHoverWidget-foreground': '#3b3b3b', 'editorHoverWidget-border': '#c8c8c8',
      'input-background': '#ffffff', 'input-foreground': '#3b3b3b', 'input-border': '#cecece', 'input-placeholderForeground': '#767676',
      focusBorder: '#005fb8', 'textLink-foreground': '#005fb8', 'widget-shadow': 'rgba(0,0,0,0.16)',
      'inputValidation-warningBackground': '#f6f5d2', 'inputValidation-warningBorder': '#b89500',
      'inputValidation-errorBackground': '#f2dede', 'inputValidation-errorBorder': '#be1100',
      'inputOption-activeBackground': 'rgba(190,230,253,0.2)', 'inputOption-activeBorder': '#005fb8', 'inputOption-activeForeground': '#000000',
      'font-family': 'system-ui, "Ubuntu", "Droid Sans", sans-serif', 'font-size': '13px',
    },
  },
  dark: {
    bodyClass: 'vscode-dark',
    vars: {
      'editor-background': '#1f1f1f', 'editor-foreground': '#cccccc', foreground: '#cccccc',
      descriptionForeground: '#9d9d9d', 'editorWidget-border': '#313131', 'editorWidget-background': '#202020',
      'charts-blue': '#3794ff', 'charts-red': '#f14c4c', 'charts-orange': '#d18616', 'charts-green': '#89d185',
      'charts-purple': '#b180d7', 'charts-yellow': '#cca700',
      'editorHoverWidget-background': '#202020', 'editorHoverWidget-foreground': '#cccccc', 'editorHoverWidget-border': '#454545',
      'input-background': '#313131', 'input-foreground': '#cccccc', 'input-border': '#3c3c3c', 'input-placeholderForeground': '#989898',
      focusBorder: '#0078d4', 'textLink-foreground': '#4daafc', 'widget-shadow': 'rgba(0,0,0,0.36)',
      'inputValidation-warningBackground': '#352a05', 'inputValidation-warningBorder': '#b89500',
      'inputValidation-errorBackground': '#5a1d1d', 'inputValidation-errorBorder': '#be1100',
      'inputOption-activeBackground': 'rgba(36,137,219,0.51)', 'inputOption-activeBorder': '#2488db', 'inputOption-activeForeground': '#ffffff',
      'font-family': 'system-ui, "Ubuntu", "Droid Sans", sans-serif', 'font-size': '13px',
    },
  },
};
// High Contrast (dark): black cards, and VS Code's hcDark chart colours (charts.orange is #AB5A00 there).
THEMES.hc = {
  bodyClass: 'vscode-high-contrast',
  vars: {
    ...THEMES.dark.vars,
    'editor-background': '#000000', 'editor-foreground': '#ffffff', foreground: '#ffffff', descriptionForeground: '#ffffff',
    'editorWidget-border': '#6fc3df', 'editorWidget-background': '#0c141f',
    'charts-blue': '#3794ff', 'charts-red': '#f48771', 'charts-orange': '#ab5a00', 'charts-green': '#89d185',
    'charts-purple': '#b180d7', 'charts-yellow': '#ffd370',
  },
};

// The stand-in for VS Code's webview host: acquireVsCodeApi (once), state kept in sessionStorage so it
// survives a reload the way VS Code keeps it while the webview is hidden, theme switching, and a
// poster that sends series as Float64Arrays.
const STUB = `
window.__posted = [];
window.__cspViolations = [];
document.addEventListener('securitypolicyviolation', (e) => window.__cspViolations.push(e.violatedDirective + ' ' + e.blockedURI));
const THEMES = ${JSON.stringify(THEMES)};
window.__setTheme = (name) => {
  const theme = THEMES[name];
  for (const [k, v] of Object.entries(theme.vars)) document.documentElement.style.setProperty('--vscode-' + k, v);
  document.body.classList.remove('vscode-light', 'vscode-dark', 'vscode-high-contrast');
  document.body.classList.add(theme.bodyClass);
};
window.__setTheme('light');
let acquired = false;
window.acquireVsCodeApi = () => {
  if (acquired) throw new Error('An instance of the VS Code API has already been acquired');
  acquired = true;
  return {
    postMessage: (m) => window.__posted.push(JSON.parse(JSON.stringify(m))),
    getState: () => JSON.parse(sessionStorage.getItem('state') ?? 'null') ?? undefined,
    setState: (s) => sessionStorage.setItem('state', JSON.stringify(s)),
  };
};
window.__post = (message) => {
  if (message.charts) {
    for (const c of message.charts) for (const s of c.series) {
      s.x = Float64Array.from(s.x);
      s.y = Float64Array.from(s.y);
      if (s.smoothed) s.smoothed = Float64Array.from(s.smoothed);
      if (s.steps) s.steps = Float64Array.from(s.steps);
      if (s.band) for (const k of ['lower', 'upper', 'count']) s.band[k] = Float64Array.from(s.band[k]);
    }
  }
  window.postMessage(message, '*');
};
`;

const PAGE = webviewPage(ORIGIN, 'webview test');

const FIG1 = 'val/math500/acc';
/** The top of a canvas where Chart.js puts the legend, above the plot area. */
const LEGEND_BAND = 18;

let browser;
let page;
let tmp;
const problems = [];
const dialogs = [];

async function openPage() {
  await page.goto(`${ORIGIN}/index.html`);
  await page.waitForFunction(() => window.__posted.some((m) => m.type === 'ready'));
}

async function post(message) {
  await page.evaluate((m) => window.__post(m), message);
}

function card(id) {
  return page.locator('.tc-card', { has: page.locator(`canvas[aria-label^="${id}:"]`) });
}

async function tooltipText() {
  const tip = page.locator('[role=tooltip]');
  return (await tip.isVisible()) ? tip.innerText() : '';
}

/** Moves the mouse along the canvas, binary-searching the x pixel whose tooltip reads "Step <step>"; returns the tooltip's text and that x. */
async function pointAtStep(id, step) {
  await card(id).scrollIntoViewIfNeeded();
  const box = await card(id).locator('canvas').boundingBox();
  const y = box.y + box.height / 2;
  let lo = box.x;
  let hi = box.x + box.width;
  for (let i = 0; i < 20; i++) {
    const x = (lo + hi) / 2;
    await page.mouse.move(x, y);
    const m = /Step (\d+)/.exec(await tooltipText());
    const shown = m ? Number(m[1]) : NaN;
    if (shown === step) return { text: await tooltipText(), x };
    // Outside the plot area (the y axes' gutters) there is no tooltip: move towards the middle.
    if (Number.isNaN(shown)) {
      if (x < box.x + box.width / 2) lo = x;
      else hi = x;
    } else if (shown < step) lo = x;
    else hi = x;
  }
  throw new Error(`no mouse position on ${id} shows step ${step}`);
}

async function hoverStep(id, step) {
  return (await pointAtStep(id, step)).text;
}

/** The revealLine messages posted since the first `since` messages, after waiting out a click's delay. */
async function revealsSince(since) {
  await page.waitForTimeout(600);
  return page.evaluate((n) => window.__posted.slice(n).filter((m) => m.type === 'revealLine'), since);
}

/**
 * Pixels of the canvas with exactly this colour (marker interiors are drawn in the series colour), in
 * the whole canvas or only its top `topCss` CSS pixels (where the legend sits, above the plot area).
 */
async function countColour(id, hex, topCss) {
  return card(id).locator('canvas').evaluate((canvas, [hex, topCss]) => {
    const want = [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16));
    const height = topCss ? Math.round(topCss * devicePixelRatio) : canvas.height;
    const { data } = canvas.getContext('2d').getImageData(0, 0, canvas.width, height);
    let n = 0;
    for (let i = 0; i < data.length; i += 4) {
      if (data[i] === want[0] && data[i + 1] === want[1] && data[i + 2] === want[2] && data[i + 3] === 255) n++;
    }
    return n;
  }, [hex, topCss]);
}

async function visibleCardIds() {
  return page.locator('.tc-card:visible canvas').evaluateAll((cs) => cs.map((c) => c.getAttribute('aria-label').split(':')[0]));
}

/** The last message of this type the webview posted to the host, once there is one after `since` messages. */
async function lastPosted(type, since = 0) {
  await page.waitForFunction(([t, n]) => window.__posted.slice(n).some((m) => m.type === t), [type, since], { timeout: 5000 });
  return page.evaluate((t) => window.__posted.findLast((m) => m.type === t), type);
}

async function postedCount() {
  return page.evaluate(() => window.__posted.length);
}

/** The canvas' pixels as a data URL, to tell whether a chart was drawn differently. */
async function pixels(id) {
  return card(id).locator('canvas').evaluate((c) => c.toDataURL());
}

/** Share of this colour's pixels that lie in the lower half of the canvas (where small values are drawn). */
async function lowerShare(id, hex) {
  return card(id).locator('canvas').evaluate((canvas, hex) => {
    const want = [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16));
    const { data, width, height } = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height);
    let all = 0;
    let low = 0;
    for (let i = 0; i < data.length; i += 4) {
      if (data[i] === want[0] && data[i + 1] === want[1] && data[i + 2] === want[2] && data[i + 3] === 255) {
        all++;
        if (Math.floor(i / 4 / width) > height / 2) low++;
      }
    }
    return low / all;
  }, hex);
}

async function setFilter(text) {
  await page.locator('.tc-filter').fill(text);
}

/** A CSS colour as the page computed it (rgb(…)) in #rrggbb, to find its pixels. */
function hexOf(css) {
  const [r, g, b] = css.match(/\d+/g).map(Number);
  return `#${[r, g, b].map((c) => c.toString(16).padStart(2, '0')).join('')}`;
}

/** The colour a run is drawn in, from its swatch in the run list (rendered even while the list is hidden for one run). */
async function runColour(label) {
  return hexOf(await page.locator('.tc-run', { hasText: label }).locator('.tc-swatch').evaluate((e) => getComputedStyle(e).backgroundColor));
}

/** The swatch colours of the tooltip's rows, in order. */
async function tooltipColours() {
  const css = await page.locator('[role=tooltip] .tc-swatch').evaluateAll((els) => els.map((e) => getComputedStyle(e).backgroundColor));
  return css.map(hexOf);
}

/** WCAG contrast ratio of two #rrggbb colours: the test's own oracle for "stands out from the card". */
function contrast(a, b) {
  const lum = (hex) => {
    const [r, g, b] = [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16) / 255).map((c) => (c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4));
    return 0.2126 * r + 0.7152 * g + 0.0722 * b;
  };
  const [hi, lo] = [lum(a), lum(b)].sort((x, y) => y - x);
  return (hi + 0.05) / (lo + 0.05);
}

/** Pixels within `tolerance` of this colour (text is anti-aliased) in a vertical strip of the canvas, in CSS px from its left. */
async function countNear(id, hex, fromCss, toCss, tolerance = 40) {
  return card(id).locator('canvas').evaluate((canvas, [hex, fromCss, toCss, tolerance]) => {
    const want = [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16));
    const from = Math.round(Math.max(0, fromCss) * devicePixelRatio);
    const to = Math.round(Math.min(canvas.width / devicePixelRatio, toCss) * devicePixelRatio);
    const { data } = canvas.getContext('2d').getImageData(from, 0, to - from, canvas.height);
    let n = 0;
    for (let i = 0; i < data.length; i += 4) {
      if (data[i + 3] > 200 && want.every((c, k) => Math.abs(data[i + k] - c) <= tolerance)) n++;
    }
    return n;
  }, [hex, fromCss, toCss, tolerance]);
}

/** Types a Fixed y range's end (empty clears it) and commits it, as Enter does. */
async function setYBound(input, value) {
  await input.fill(value);
  await input.press('Enter');
}

/** Each non-dual chart's y range as [min, max] when the user fixed it (its canvas says so), else undefined. */
async function fixedYRanges() {
  const labels = await page.locator('.tc-card canvas').evaluateAll((cs) => cs.map((c) => c.getAttribute('aria-label')));
  return labels.map((l) => {
    const m = /; y axis (\S+)–(\S+) \(fixed\)$/.exec(l);
    return m ? [Number(m[1]), Number(m[2])] : undefined;
  });
}

async function hoverAttr(id) {
  return card(id).getAttribute('data-hover-step');
}

describe('training curves webview', { timeout: 90_000 }, () => {
  before(async () => {
    assert.ok(fs.existsSync(path.join(dist, 'main.js')), 'dist/webview/main.js is missing: run `node esbuild.js` first');
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'tc-webview-'));
    fs.writeFileSync(path.join(tmp, 'index.html'), PAGE);
    fs.writeFileSync(path.join(tmp, 'stub.js'), STUB);
    fs.mkdirSync(shots, { recursive: true });
    browser = await chromium.launch({
      executablePath: '/usr/bin/chromium',
      args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic'],
    });
    page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
    page.on('console', (m) => {
      // The readback hint is caused by this test's own getImageData calls (countColour).
      if (m.type() === 'error' || (m.type() === 'warning' && !m.text().startsWith('Canvas2D: Multiple readback'))) {
        problems.push(`console ${m.type()}: ${m.text()}`);
      }
    });
    page.on('dialog', (d) => {
      dialogs.push(d.message());
      void d.dismiss();
    });
    // Serve the page from the temp dir and the bundle from dist under one origin, as the webview's cspSource.
    await page.route(`${ORIGIN}/**`, (route) => {
      const name = new URL(route.request().url()).pathname.slice(1);
      const file = ['main.js', 'main.css'].includes(name) ? path.join(dist, name) : path.join(tmp, name);
      if (!fs.existsSync(file)) return route.fulfill({ status: 404, body: '' });
      const type = { '.html': 'text/html', '.js': 'text/javascript', '.css': 'text/css' }[path.extname(file)];
      return route.fulfill({ status: 200, contentType: type, body: fs.readFileSync(file) });
    });
    await openPage();
  });

  after(async () => {
    await browser?.close();
    if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
  });

  it('posts ready with the plot width of one chart', async () => {
    const ready = await page.evaluate(() => window.__posted.find((m) => m.type === 'ready'));
    assert.equal(typeof ready.chartWidth, 'number');
    assert.ok(ready.chartWidth > 100 && ready.chartWidth < 1280, `chartWidth ${ready.chartWidth}`);
  });

  it('draws one labelled canvas per chart under section headings', async () => {
    await post(firstData());
    const labels = await page.locator('canvas').evaluateAll((cs) => cs.map((c) => [c.getAttribute('role'), c.getAttribute('aria-label')]));
    assert.equal(labels.length, firstData().charts.length);
    for (const [role, label] of labels) {
      assert.equal(role, 'img');
      assert.match(label, /: \d+ series \(.*\), steps \d+–\d+; (highest|lowest): .+ at step \d+$/);
    }
    // The best step of each run is named too (MEL peaks higher: 0.84 at step 120).
    assert.ok(labels.some(([, l]) => l === 'val/math500/acc: 2 series (GRPO, MEL), steps 0–140; highest: GRPO 0.82 at step 120, MEL 0.84 at step 120'));
    assert.ok(labels.some(([, l]) => l.startsWith('val/mmlu-pro/score: 1 series (run), steps 0–800; highest: run ')));
    const headings = await page.locator('main h2').allTextContents();
    assert.deepEqual(headings, ['math500', 'math-eval', 'actor', 'mmlu-pro', 'response_length', 'other']);
    assert.equal(await page.locator('.tc-title').textContent(), 'math500-grpo-vs-mel.metrics.jsonl');
    assert.equal(await page.locator('.tc-status').textContent(), '7 charts');
    assert.deepEqual(await page.locator('.tc-notices li').allTextContents(), ['Step went back from 140 to 0 at line 90: a restart?']);
  });

  it('shows a legend on a chart with two series', async () => {
    assert.ok((await countColour(FIG1, THEMES.light.vars['charts-red'], LEGEND_BAND)) > 5, 'MEL in the legend');
  });

  it('says which lines were skipped and that the last one is still being written', async () => {
    const text = await page.locator('.tc-warning').innerText();
    assert.match(text, /3 lines skipped: line 3 \(not valid JSON\), line 7 \(no step field\), and 1 more\./);
    assert.match(text, /Line 12 is incomplete — probably still being written\./);
    await page.locator('.tc-warning button', { hasText: 'Open as Text' }).click();
    assert.ok(await page.evaluate(() => window.__posted.some((m) => m.type === 'openAsText')));
  });

  it('shows both runs’ values at the hovered step, then hides the tooltip when the mouse leaves', async () => {
    const text = await hoverStep(FIG1, 120);
    assert.match(text, /Step 120/);
    assert.match(text, /GRPO\s+0\.82\b/);
    assert.match(text, /MEL\s+0\.84\b/);
    await page.screenshot({ path: path.join(shots, 'light.png'), fullPage: true });
    const box = await page.locator('[role=tooltip]').boundingBox();
    assert.ok(box.x >= 0 && box.y >= 0 && box.x + box.width <= 1280 && box.y + box.height <= 900, 'tooltip inside the viewport');
    // A step only MEL has: GRPO's value is labelled with the step it comes from.
    assert.match(await hoverStep(FIG1, 30), /GRPO\s+0\.77 \(at step 20\)[\s\S]*MEL\s+0\.76\b/);
    await page.mouse.move(2, 2);
    assert.equal(await page.locator('[role=tooltip]').isVisible(), false);
  });

  it('reads a gap as "—" and keeps the tooltip inside the window at the right edge', async () => {
    assert.match(await hoverStep('response_length/mean', 5), /Step 5\s+Series A\s+—/);
    assert.match(await hoverStep('response_length/mean', 12), /Series A\s+1320\b/);
    const box = await page.locator('[role=tooltip]').boundingBox();
    assert.ok(box.x + box.width <= 1280, 'tooltip flipped left of the pointer');
    await page.mouse.move(2, 2);
  });

  it('moves through the steps with the arrow keys and announces the values', async () => {
    await card(FIG1).focus();
    await page.keyboard.press('ArrowRight');
    assert.match(await tooltipText(), /Step 0\s+GRPO\s+0\.74\s+MEL\s+0\.74/);
    await page.keyboard.press('ArrowRight');
    await page.keyboard.press('ArrowRight');
    assert.match(await tooltipText(), /Step 30/);
    await page.keyboard.press('End');
    await page.keyboard.press('ArrowLeft');
    assert.match(await tooltipText(), /Step 120/);
    assert.match(await page.locator('[aria-live=polite]').textContent(), /^Step 120\. GRPO 0\.82, MEL 0\.84$/);
    await page.keyboard.press('Escape');
    assert.equal(await page.locator('[role=tooltip]').isVisible(), false);
  });

  it('opens the log at the step of the point clicked, from the run drawn nearest the pointer, but not on a drag', async () => {
    const { text, x } = await pointAtStep(FIG1, 120);
    assert.match(text, /\nClick to open the log at this step$/);
    assert.match(await card(FIG1).locator('canvas').getAttribute('aria-description'), /Enter opens the log at the step/);
    const box = await card(FIG1).locator('canvas').boundingBox();
    // At step 120 MEL (0.84) is drawn at the top of the plot (below the legend), GRPO (0.82) a little below it.
    const since = await postedCount();
    await page.mouse.click(x, box.y + box.height * 0.2);
    assert.deepEqual(await lastPosted('revealLine', since), { type: 'revealLine', run: 'mel', step: 120 });
    await page.mouse.click(x, box.y + box.height * 0.75);
    assert.deepEqual(await lastPosted('revealLine', since + 1), { type: 'revealLine', run: 'grpo', step: 120 });

    // A drag zooms and a double-click resets the zoom: neither opens the log.
    const beforeDrag = await postedCount();
    const y = box.y + box.height / 2;
    await page.mouse.move(box.x + box.width * 0.4, y);
    await page.mouse.down();
    await page.mouse.move(box.x + box.width * 0.7, y, { steps: 5 });
    await page.mouse.up();
    assert.ok((await lastPosted('settings', beforeDrag)).settings.range, 'zoomed');
    await card(FIG1).locator('canvas').dblclick();
    assert.equal((await lastPosted('settings', beforeDrag + 1)).settings.range, undefined, 'zoom reset');
    assert.deepEqual(await revealsSince(beforeDrag), []);
    await page.mouse.move(2, 2);

    // From the keyboard: Enter opens the first run's line at the step the arrow keys moved to.
    await card(FIG1).focus();
    await page.keyboard.press('ArrowRight');
    assert.match(await tooltipText(), /^Step 0\s+GRPO\s+0\.74\s+MEL\s+0\.74\s+Press Enter to open the log at this step$/);
    const beforeKey = await postedCount();
    await page.keyboard.press('Enter');
    assert.deepEqual(await lastPosted('revealLine', beforeKey), { type: 'revealLine', run: 'grpo', step: 0 });
    await page.keyboard.press('Escape');
  });

  it('shows the filter box’s placeholder whole, with the full hint as its tooltip', async () => {
    const box = page.locator('.tc-filter');
    assert.match(await box.getAttribute('title'), /regular expression in \/…\//);
    // The placeholder's text, as wide as the box draws it, fits inside the box's padding.
    const fits = await box.evaluate((input) => {
      const style = getComputedStyle(input);
      const g = document.createElement('canvas').getContext('2d');
      g.font = `${style.fontSize} ${style.fontFamily}`;
      const room = input.clientWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight);
      return { text: g.measureText(input.placeholder).width, room };
    });
    assert.ok(fits.text <= fits.room, `placeholder ${fits.text}px in ${fits.room}px`);
    await page.screenshot({ path: path.join(shots, 'toolbar.png'), clip: { x: 0, y: 0, width: 1280, height: 90 } });
  });

  it('filters charts by substring and by regular expression', async () => {
    await setFilter('kl');
    assert.deepEqual(await visibleCardIds(), ['actor/kl_loss']);
    assert.deepEqual(await page.locator('h2:visible').allTextContents(), ['actor']);
    assert.equal(await page.locator('.tc-status').textContent(), '1 of 7 charts');
    await setFilter('/entropy|KL/');
    assert.deepEqual(await visibleCardIds(), ['actor/entropy_loss', 'actor/kl_loss']);
    await setFilter('^val/');
    assert.deepEqual(await visibleCardIds(), [], 'without regex mode, ^ is literal');
    await page.locator('.tc-toggle', { hasText: '.*' }).click();
    assert.deepEqual(await visibleCardIds(), [FIG1, 'val/mmlu-pro/score']);
    await setFilter('(');
    assert.equal(await page.locator('.tc-filter').getAttribute('aria-invalid'), 'true');
    assert.match(await page.locator('.tc-status').textContent(), /Invalid regular expression/);
    await page.locator('.tc-toggle', { hasText: '.*' }).click();
    await setFilter('');
    assert.equal((await visibleCardIds()).length, 7);
  });

  it('draws a chart that arrives while the filter hides it once the filter shows it', async () => {
    await setFilter('math500');
    const message = firstData();
    message.charts.push({ ...message.charts.find((c) => c.id === 'actor/kl_loss'), id: 'actor/kl_coef', title: 'kl_coef' });
    await post(message);
    assert.deepEqual(await visibleCardIds(), [FIG1]);
    await setFilter('');
    // Its canvas was added out of sight: it is laid out, labelled and drawn when the card is shown.
    assert.match(await card('actor/kl_coef').locator('canvas').getAttribute('aria-label'), /^actor\/kl_coef: 2 series \(Series A, Series B\), steps 0–30; lowest: /);
    assert.ok((await countColour('actor/kl_coef', await runColour('Series A'))) > 20, 'Series A drawn');
    await post(firstData());
  });

  it('shows the data as tables, capped for long series', async () => {
    await page.locator('.tc-toggle', { hasText: 'Table' }).click();
    const rows = await card(FIG1).locator('tbody tr').evaluateAll((trs) => trs.map((tr) => [...tr.cells].map((c) => c.textContent)));
    assert.deepEqual(await card(FIG1).locator('thead th').allTextContents(), ['Step', 'GRPO', 'MEL']);
    assert.equal(rows.length, 13, 'one row per step of either run');
    assert.deepEqual(rows.find((r) => r[0] === '120'), ['120', '0.82', '0.84']);
    assert.deepEqual(rows.find((r) => r[0] === '30'), ['30', '', '0.76']);
    await card(FIG1).screenshot({ path: path.join(shots, 'table.png') });
    const long = card('val/mmlu-pro/score');
    assert.equal(await long.locator('tbody tr').count(), 500);
    assert.match(await long.locator('.tc-note').textContent(), /first 500 of 801 rows/);
    assert.deepEqual(
      await card('response_length/mean').locator('tbody tr').nth(5).locator('th, td').allTextContents(),
      ['5', '—'],
    );
    await page.locator('.tc-toggle', { hasText: 'Table' }).click();
    assert.equal(await page.locator('table').count(), 0);
  });

  it('renders a metric name with markup as literal text', async () => {
    const title = card(XSS_NAME).locator('.tc-card-title');
    assert.equal(await title.textContent(), XSS_NAME);
    assert.equal(await title.getAttribute('title'), XSS_NAME);
    assert.equal(await page.locator('img').count(), 0);
    assert.deepEqual(dialogs, []);
  });

  it('re-colours the charts when VS Code switches to a dark theme', async () => {
    assert.ok((await countColour(FIG1, THEMES.light.vars['charts-blue'])) > 20, 'GRPO markers in light blue');
    await page.evaluate(() => window.__setTheme('dark'));
    await page.waitForTimeout(50);
    assert.equal(await countColour(FIG1, THEMES.light.vars['charts-blue']), 0);
    assert.ok((await countColour(FIG1, THEMES.dark.vars['charts-blue'])) > 20, 'GRPO markers in dark blue');
    assert.ok((await countColour(FIG1, THEMES.dark.vars['charts-red'])) > 20, 'MEL markers in dark red');
    assert.ok((await countColour(FIG1, THEMES.dark.vars['charts-red'], LEGEND_BAND)) > 5, 'the legend is still shown');
    await hoverStep(FIG1, 120);
    await page.screenshot({ path: path.join(shots, 'dark.png'), fullPage: true });
    await page.mouse.move(2, 2);
  });

  it('updates charts in place on live data without losing the filter or table', async () => {
    await setFilter('math500');
    await page.locator('.tc-toggle', { hasText: 'Table' }).click();
    const canvas = await card(FIG1).locator('canvas').elementHandle();
    await post(appendedData());
    assert.equal(await page.locator('.tc-filter').inputValue(), 'math500');
    assert.deepEqual(await visibleCardIds(), [FIG1]);
    assert.equal(await card(FIG1).locator('canvas').getAttribute('aria-label'), 'val/math500/acc: 2 series (GRPO, MEL), steps 0–160; highest: GRPO 0.83 at step 160, MEL 0.85 at step 160');
    assert.ok(await canvas.evaluate((c) => c.isConnected), 'the same canvas is still in the page');
    assert.match(await hoverStep(FIG1, 160), /GRPO\s+0\.83[\s\S]*MEL\s+0\.85/);
    assert.equal(await card(FIG1).locator('tbody tr').count(), 14);
    await page.mouse.move(2, 2);
  });

  it('restores the filter and table toggle after the webview is hidden and shown', async () => {
    await openPage();
    assert.equal(await page.locator('.tc-filter').inputValue(), 'math500');
    assert.equal(await page.locator('.tc-toggle', { hasText: 'Table' }).getAttribute('aria-pressed'), 'true');
    await post(firstData());
    assert.deepEqual(await visibleCardIds(), [FIG1]);
    assert.equal(await card(FIG1).locator('table').count(), 1);
  });

  it('reports the new plot width when the window is resized', async () => {
    const ready = await page.evaluate(() => window.__posted.find((m) => m.type === 'ready').chartWidth);
    // 700 px leaves room for one column: each chart gets much wider than in the three-column layout.
    await page.setViewportSize({ width: 700, height: 900 });
    await page.waitForFunction(() => window.__posted.some((m) => m.type === 'resize'), null, { timeout: 5000 });
    const resized = await page.evaluate(() => window.__posted.findLast((m) => m.type === 'resize').chartWidth);
    const canvas = await card(FIG1).locator('canvas').boundingBox();
    assert.ok(resized > ready * 1.3, `resize ${resized} after ready ${ready}`);
    assert.ok(resized < canvas.width && resized > canvas.width - 120, `plot width ${resized} inside canvas ${canvas.width}`);
    await page.setViewportSize({ width: 1280, height: 900 });
  });

  it('shows an error from the host', async () => {
    await post({ type: 'error', message: 'Could not read file: EACCES' });
    assert.match(await page.locator('[role=alert]').innerText(), /Could not read file: EACCES/);
  });

  it('smooths on the host’s data when the slider moves, drawing raw faintly behind and showing both on hover', async () => {
    await page.setViewportSize({ width: 1280, height: 900 });
    await post(firstData());
    await setFilter('');
    if ((await page.locator('.tc-toggle', { hasText: 'Table' }).getAttribute('aria-pressed')) === 'true') {
      await page.locator('.tc-toggle', { hasText: 'Table' }).click();
    }
    const before = await pixels(FIG1);
    const since = await postedCount();
    const slider = page.getByLabel('Smoothing', { exact: true });
    await slider.focus();
    await page.keyboard.press('End');
    const sent = await lastPosted('settings', since);
    assert.deepEqual(sent.settings.smoothing, { kind: 'ema', weight: 0.999 });
    assert.equal(await page.getByLabel('Smoothing weight (number)').inputValue(), '0.999');
    await page.getByLabel('Smoothing weight (number)').fill('0.6');
    await page.getByLabel('Smoothing weight (number)').press('Enter');
    assert.deepEqual((await lastPosted('settings', since + 1)).settings.smoothing, { kind: 'ema', weight: 0.6 });
    await page.getByLabel('Smoothing method').selectOption('twema');
    assert.equal((await lastPosted('settings', since + 2)).settings.smoothing.kind, 'twema');

    await post(smoothedData());
    assert.notEqual(await pixels(FIG1), before, 'the smoothed curve is drawn');
    // GRPO's points up to 120 are 0.8, 0.815, 0.82: the smoothed value is their mean; the raw one is 0.82.
    const text = await hoverStep(FIG1, 120);
    assert.match(text, /GRPO\s+0\.811667\s+raw 0\.82/);
    assert.match(text, /MEL\s+0\.823333\s+raw 0\.84/);
    await page.screenshot({ path: path.join(shots, 'smoothed.png'), clip: { x: 0, y: 0, width: 1280, height: 420 } });
    await page.mouse.move(2, 2);
    // The legend still lists the two runs only: 'MEL' in full red, while the raw copy is faint.
    assert.ok((await countColour(FIG1, THEMES.light.vars['charts-red'], LEGEND_BAND)) > 5);
  });

  it('zooms all charts by dragging, asks the host for that range, and shows the detail it sends back', async () => {
    await post(mmluData());
    await card(MMLU).scrollIntoViewIfNeeded();
    // The overview has every 8th step: hovering snaps to one of those.
    assert.match(await hoverStep(MMLU, 200), /Step 200/);
    const box = await card(MMLU).locator('canvas').boundingBox();
    const fig1 = await pixels(FIG1);
    const since = await postedCount();
    const y = box.y + box.height / 2;
    await page.mouse.move(box.x + box.width * 0.35, y);
    await page.mouse.down();
    await page.mouse.move(box.x + box.width * 0.45, y, { steps: 4 });
    await page.mouse.move(box.x + box.width * 0.55, y, { steps: 4 });
    await page.mouse.up();
    const { range } = (await lastPosted('settings', since)).settings;
    assert.ok(range && range.min > 150 && range.max < 600 && range.max - range.min > 100, `range ${JSON.stringify(range)}`);
    assert.equal(await page.locator('.tc-toggle', { hasText: 'Reset zoom' }).isVisible(), true);
    // Every chart follows: the figure-1 chart (steps 0–140) now shows that x range.
    assert.notEqual(await pixels(FIG1), fig1);
    const step = Math.ceil(range.min) + (Math.ceil(range.min) % 8 === 0 ? 1 : 0);
    await post(mmluData(range));
    assert.match(await hoverStep(MMLU, step), new RegExp(`Step ${step}\\s+run\\s+5\\d\\.`), 'a step the overview did not have');
    await card(MMLU).screenshot({ path: path.join(shots, 'zoomed.png') });
    // Shift-drag pans: the same width of steps, further left.
    const beforePan = await postedCount();
    await page.keyboard.down('Shift');
    await page.mouse.move(box.x + box.width * 0.4, y);
    await page.mouse.down();
    await page.mouse.move(box.x + box.width * 0.6, y, { steps: 8 });
    await page.mouse.up();
    await page.keyboard.up('Shift');
    const panned = (await lastPosted('settings', beforePan)).settings.range;
    assert.ok(panned.min < range.min - 10, `panned ${JSON.stringify(panned)} from ${JSON.stringify(range)}`);
    assert.ok(Math.abs(panned.max - panned.min - (range.max - range.min)) < 1);
    await page.mouse.move(2, 2);
    // A double-click goes back to the whole run.
    const beforeReset = await postedCount();
    await card(MMLU).locator('canvas').dblclick();
    assert.equal((await lastPosted('settings', beforeReset)).settings.range, undefined);
    assert.equal(await page.locator('.tc-toggle', { hasText: 'Reset zoom' }).isVisible(), false);
  });

  it('draws the y axis on a log scale or from zero, as chosen', async () => {
    await post(decadesData());
    const colour = await runColour('Series A');
    const linear = await lowerShare('loss/decades', colour);
    await page.getByLabel('Y', { exact: true }).selectOption('log');
    const log = await lowerShare('loss/decades', colour);
    // Linear: 1, 10 and 100 all sit near the bottom; log: evenly spaced from top to bottom.
    assert.ok(linear > 0.65 && log < 0.6, `lower-half share linear ${linear}, log ${log}`);
    await page.getByLabel('Y', { exact: true }).selectOption('zero');
    await page.getByLabel('Y', { exact: true }).selectOption('linear');
    assert.equal(await lowerShare('loss/decades', colour), linear);
    // A log x axis is drawn by the webview alone: no request to the host.
    const linearX = await pixels('loss/decades');
    const since = await postedCount();
    await page.getByLabel('X', { exact: true }).selectOption('step-log');
    assert.notEqual(await pixels('loss/decades'), linearX);
    assert.equal(await postedCount(), since);
    await page.getByLabel('X', { exact: true }).selectOption('step');
    assert.equal(await pixels('loss/decades'), linearX);
  });

  it('asks the host for outlier-free y ranges and draws within the range it sends', async () => {
    await post(decadesData());
    const since = await postedCount();
    await page.getByLabel('Ignore outliers').check();
    assert.equal((await lastPosted('settings', since)).settings.ignoreOutliers, true);
    const full = await pixels('loss/decades');
    const message = decadesData();
    message.charts[0].yRange = { min: 1, max: 100 };
    await post(message);
    assert.notEqual(await pixels('loss/decades'), full, 'the 1000 at step 0 is clipped');
    await page.getByLabel('Ignore outliers').uncheck();
  });

  it('summarises the last and best value per run and metric, sorts, and copies as Markdown and CSV', async () => {
    await post(firstData());
    await page.locator('.tc-toggle', { hasText: 'Summary' }).click();
    const rows = () => page.locator('.tc-summary tbody tr').evaluateAll((trs) => trs.map((tr) => [...tr.cells].map((c) => c.textContent)));
    assert.deepEqual((await rows()).slice(0, 2), [
      ['val/math500/acc', 'GRPO', '0.82', '0.82 (max)', '120'],
      ['val/math500/acc', 'MEL', '0.82', '0.84 (max)', '120'],
    ]);
    await setFilter('actor');
    assert.deepEqual((await rows()).map((r) => r[0]), ['actor/entropy_loss', 'actor/entropy_loss', 'actor/kl_loss', 'actor/kl_loss']);
    await page.locator('.tc-sort', { hasText: 'Best' }).first().click();
    assert.equal(await page.locator('.tc-summary th[aria-sort=descending]').textContent(), 'Best ▾');
    // Losses are better low: entropy_loss A is lowest (0.05) at step 10, B at the end.
    assert.deepEqual((await rows()).map((r) => [r[1], r[3], r[4]]), [
      ['Series A', '0.05 (min)', '10'],
      ['Series B', '0.02 (min)', '30'],
      ['Series A', '0 (min)', '0'],
      ['Series B', '0 (min)', '0'],
    ]);
    await page.screenshot({ path: path.join(shots, 'summary.png'), clip: { x: 0, y: 0, width: 1280, height: 360 } });
    const since = await postedCount();
    await page.locator('.tc-summary button', { hasText: 'Copy as Markdown' }).click();
    const md = await lastPosted('copy', since);
    assert.match(md.text, /^\| Metric \| Run \| Last \| Best \| Best step \|\n\| :--- \| :--- \| ---: \| ---: \| ---: \|\n\| actor\/entropy_loss \| Series A \| 0\.08 \| 0\.05 \(min\) \| 10 \|\n/);
    await page.locator('.tc-summary button', { hasText: 'Copy as CSV' }).click();
    const csv = await lastPosted('copy', since + 1);
    assert.equal(csv.text.split('\n')[0], 'metric,run,last,last_step,best,best_step,goal');
    assert.equal(csv.text.split('\n')[1], 'actor/entropy_loss,Series A,0.08,30,0.05,10,min');
    await page.locator('.tc-summary button', { hasText: 'Export all data as CSV' }).click();
    assert.deepEqual(await lastPosted('exportCsv', since + 2), { type: 'exportCsv', resolution: 'full' });
    await page.locator('.tc-summary button', { hasText: 'Export as shown' }).click();
    assert.deepEqual(await lastPosted('exportCsv', since + 3), { type: 'exportCsv', resolution: 'shown' });
    await setFilter('');
  });

  it('rings each run’s best point on the chart', async () => {
    const red = THEMES.light.vars['charts-red'];
    const withBest = await countColour(FIG1, red);
    const message = firstData();
    for (const s of message.charts[0].series) delete s.best;
    await post(message);
    assert.ok(withBest > (await countColour(FIG1, red)) + 10, 'MEL’s ring at step 120 adds red pixels');
    await post(firstData());
  });

  it('saves a chart as PNG through the host', async () => {
    await card(FIG1).hover();
    const since = await postedCount();
    await card(FIG1).getByRole('button', { name: 'Save val/math500/acc as PNG' }).click();
    const saved = await lastPosted('savePng', since);
    assert.equal(saved.name, 'val_math500_acc.png');
    assert.match(saved.dataUrl, /^data:image\/png;base64,/);
    assert.ok(saved.dataUrl.length > 5000, 'an image with the chart in it');
  });

  it('plots against relative time when chosen, labelling the hover with the time', async () => {
    const since = await postedCount();
    await page.getByLabel('X', { exact: true }).selectOption('relative');
    assert.equal((await lastPosted('settings', since)).settings.xAxis, 'relative');
    await post(relativeTimeData());
    await card(FIG1).focus();
    await page.keyboard.press('End');
    assert.match(await tooltipText(), /^Time 1h 56m 40s/);
    await page.keyboard.press('Escape');
  });

  it('restores smoothing, axes, outliers, summary and zoom after the webview is hidden and shown', async () => {
    await page.getByLabel('Y', { exact: true }).selectOption('log');
    await page.getByLabel('Ignore outliers').check();
    await openPage();
    const ready = await page.evaluate(() => window.__posted.find((m) => m.type === 'ready'));
    assert.deepEqual(ready.settings, { smoothing: { kind: 'twema', weight: 0.6 }, xAxis: 'relative', ignoreOutliers: true });
    assert.equal(await page.getByLabel('Smoothing weight (number)').inputValue(), '0.6');
    assert.equal(await page.getByLabel('Smoothing method').inputValue(), 'twema');
    assert.equal(await page.getByLabel('X', { exact: true }).inputValue(), 'relative');
    assert.equal(await page.getByLabel('Y', { exact: true }).inputValue(), 'log');
    assert.equal(await page.getByLabel('Ignore outliers').isChecked(), true);
    assert.equal(await page.locator('.tc-summary').isVisible(), true);
    // A zoom survives too, and is what the host is first asked for.
    await page.getByLabel('X', { exact: true }).selectOption('step');
    await post(firstData());
    const box = await card(FIG1).locator('canvas').boundingBox();
    await page.mouse.move(box.x + box.width * 0.3, box.y + box.height / 2);
    await page.mouse.down();
    await page.mouse.move(box.x + box.width * 0.7, box.y + box.height / 2, { steps: 5 });
    await page.mouse.up();
    const zoomed = (await lastPosted('settings')).settings.range;
    await openPage();
    assert.deepEqual((await page.evaluate(() => window.__posted.find((m) => m.type === 'ready'))).settings.range, zoomed);
    await page.evaluate(() => sessionStorage.clear());
  });

  it('follows the hovered step in every chart: one tooltip, guide lines and points in the others', async () => {
    // A fresh page: no zoom, smoothing or colours left from the tests before.
    await openPage();
    await post(firstData());
    const ACC = 'eval/math-eval/accuracy/mean';
    const KL = 'actor/kl_loss';
    const idle = await pixels(KL);
    assert.match(await hoverStep(ACC, 10), /Step 10\s+Series A\s+0\.313333\s+Series B\s+0\.35/);
    for (const id of [KL, 'actor/entropy_loss', FIG1]) assert.equal(await hoverAttr(id), '10', id);
    assert.notEqual(await pixels(KL), idle, 'the guide line and highlighted points are drawn on kl_loss');
    // The one tooltip is the hovered chart's, next to it.
    assert.equal(await page.locator('[role=tooltip]:visible').count(), 1);
    const tip = await page.locator('[role=tooltip]').boundingBox();
    const acc = await card(ACC).boundingBox();
    assert.ok(tip.y > acc.y && tip.y < acc.y + acc.height, 'the tooltip is at the hovered chart');
    await page.screenshot({ path: path.join(shots, 'synced-hover.png'), clip: { x: 0, y: 0, width: 1280, height: 900 } });
    await page.mouse.move(2, 2);
    for (const id of [KL, FIG1]) assert.equal(await hoverAttr(id), null, `${id} cleared`);
    assert.equal(await pixels(KL), idle, 'nothing left drawn');

    // The arrow keys move every chart's guide too.
    await card(ACC).focus();
    await page.keyboard.press('Home');
    await page.keyboard.press('ArrowRight');
    assert.equal(await hoverAttr(KL), '1');
    assert.equal(await hoverAttr(FIG1), '1');
    await page.keyboard.press('End');
    assert.equal(await hoverAttr(KL), '30');
    // A chart far below the window catches up when it scrolls into view.
    await card(MMLU).evaluate((c) => c.scrollIntoView());
    await page.waitForFunction((id) => [...document.querySelectorAll('.tc-card')].some((c) => c.getAttribute('aria-label') === id && c.dataset.hoverStep === '30'), MMLU, { timeout: 2000 });
    await page.keyboard.press('Escape');
    assert.equal(await hoverAttr(KL), null);
    assert.equal(await hoverAttr(MMLU), null);
  });

  it('lists the runs of a comparison with their colours, and hides a run in every chart and the summary', async () => {
    // A new view: colours go to runs in this view's order.
    await openPage();
    await post(comparisonData());
    const KL = 'actor/kl_loss';
    const runs = page.getByRole('group', { name: 'Runs' });
    assert.deepEqual(await runs.getByRole('checkbox').evaluateAll((bs) => bs.map((b) => [b.labels[0].textContent, b.checked])), [
      ['GRPO', true], ['MEL', true], ['dual-axis', true], ['Series A', true], ['Series B', true],
    ]);
    // Colours by the host's order of runs: GRPO blue, MEL red, the dual-axis run orange.
    assert.equal(await runColour('GRPO'), THEMES.light.vars['charts-blue']);
    assert.equal(await runColour('MEL'), THEMES.light.vars['charts-red']);
    const green = await runColour('Series B');
    assert.match(await hoverStep(KL, 20), /Series A\s+0\.5\s+Series B\s+1\b/);
    /** Series B's pixels in the plot, below the legend (whose struck-through item keeps its colour). */
    const plotted = async () => (await countColour(KL, green)) - (await countColour(KL, green, LEGEND_BAND + 6));
    assert.ok((await plotted()) > 50, 'Series B drawn');

    // Keyboard: Space on the checkbox.
    await runs.getByRole('checkbox', { name: 'Series B' }).focus();
    await page.keyboard.press('Space');
    assert.equal(await runs.getByRole('checkbox', { name: 'Series B' }).isChecked(), false);
    assert.equal(await page.locator('[aria-live=polite]').textContent(), 'Series B hidden');
    assert.equal(await plotted(), 0, 'no Series B line or markers');
    for (const id of [KL, 'actor/entropy_loss', 'eval/math-eval/accuracy/mean']) {
      const text = await hoverStep(id, 20);
      assert.match(text, /Series A/, id);
      assert.doesNotMatch(text, /Series B/, id);
    }
    await page.mouse.move(2, 2);
    await page.locator('.tc-toggle', { hasText: 'Summary' }).click();
    const summaryRuns = await page.locator('.tc-summary tbody tr td:nth-child(2)').allTextContents();
    assert.ok(summaryRuns.includes('Series A') && !summaryRuns.includes('Series B'), summaryRuns.join());
    await page.locator('.tc-toggle', { hasText: 'Summary' }).click();
    await page.screenshot({ path: path.join(shots, 'comparison-hidden-run.png'), clip: { x: 0, y: 0, width: 1280, height: 900 } });

    // Remembered when the webview is shown again.
    await openPage();
    await post(comparisonData());
    assert.equal(await page.getByRole('checkbox', { name: 'Series B' }).isChecked(), false);
    assert.doesNotMatch(await hoverStep(KL, 20), /Series B/);
    await page.mouse.move(2, 2);
    await page.getByRole('checkbox', { name: 'Series B' }).check();
    assert.match(await hoverStep(KL, 20), /Series B\s+1\b/);
    await page.mouse.move(2, 2);
  });

  it('names the run of a one-run chart in a comparison, and keeps the title whole at 1400 px', async () => {
    await page.setViewportSize({ width: 1400, height: 900 });
    await post(comparisonData());
    const orange = await runColour('dual-axis');
    assert.ok((await countColour('val/GAOKAO/accuracy', orange, LEGEND_BAND)) > 5, 'the legend names dual-axis');
    const title = page.locator('.tc-title');
    assert.equal(await title.textContent(), COMPARE_TITLE);
    assert.ok(await title.evaluate((t) => t.scrollWidth <= t.clientWidth), 'the title is not cut off');
    await page.evaluate(() => window.scrollTo(0, 0));
    await page.screenshot({ path: path.join(shots, 'comparison-1400.png'), clip: { x: 0, y: 0, width: 1400, height: 900 } });
    await page.evaluate(() => window.__setTheme('dark'));
    await page.waitForTimeout(50);
    await page.screenshot({ path: path.join(shots, 'comparison-1400-dark.png'), clip: { x: 0, y: 0, width: 1400, height: 900 } });
    await page.evaluate(() => window.__setTheme('light'));
    await page.setViewportSize({ width: 1280, height: 900 });
  });

  it('draws every run in a colour that stands out from the card in light, dark and high-contrast themes', async () => {
    await post(comparisonData());
    const labels = ['GRPO', 'MEL', 'dual-axis', 'Series A', 'Series B'];
    for (const name of ['light', 'dark', 'hc']) {
      await page.evaluate((n) => window.__setTheme(n), name);
      await page.waitForTimeout(50);
      for (const label of labels) {
        const c = await runColour(label);
        const ratio = contrast(c, THEMES[name].vars['editorWidget-background']);
        assert.ok(ratio >= 3, `${label} ${c} on ${name}: ${ratio.toFixed(2)}`);
      }
    }
    // Kept as the theme defines them where they already stand out: dark orange is VS Code's #d18616.
    await page.evaluate(() => window.__setTheme('dark'));
    await page.waitForTimeout(50);
    assert.equal(await runColour('dual-axis'), THEMES.dark.vars['charts-orange']);
    // A theme's translucent orange is drawn opaque, not dimmed into brown.
    await page.evaluate(() => document.documentElement.style.setProperty('--vscode-charts-orange', '#d1861666'));
    await page.waitForTimeout(50);
    assert.equal(await runColour('dual-axis'), '#d18616');
    assert.ok((await countColour('val/GAOKAO/accuracy', '#d18616')) > 20, 'markers in opaque orange');
    await page.evaluate(() => window.__setTheme('light'));
    await page.waitForTimeout(50);
  });

  it('gives sixteen runs sixteen different colours, each standing out in light, dark and high-contrast themes', async () => {
    await openPage();
    await post(manyRunsData(16));
    const swatches = async () => (await page.locator('.tc-run .tc-swatch').evaluateAll((els) => els.map((e) => getComputedStyle(e).backgroundColor))).map(hexOf);
    for (const name of ['light', 'dark', 'hc']) {
      await page.evaluate((n) => window.__setTheme(n), name);
      await page.waitForTimeout(50);
      const colours = await swatches();
      assert.equal(colours.length, 16);
      assert.equal(new Set(colours).size, 16, `${name}: ${colours.join(' ')}`);
      for (const c of colours) {
        const ratio = contrast(c, THEMES[name].vars['editorWidget-background']);
        assert.ok(ratio >= 3, `${c} on ${name}: ${ratio.toFixed(2)}`);
      }
      // The theme's own colours come first, in VS Code's order.
      assert.equal(colours[0], THEMES[name].vars['charts-blue']);
      await card(FIG1).screenshot({ path: path.join(shots, `sixteen-runs-${name}.png`) });
    }
    await page.evaluate(() => window.__setTheme('light'));
  });

  it('offers dual-axis mode when a benchmark has a score and a length, and asks the host for it', async () => {
    await openPage();
    await post(dualAxisPlainData());
    assert.equal(await visibleCardIds().then((ids) => ids.length), 26);
    const toggle = page.locator('.tc-toggle', { hasText: 'Dual axis' });
    assert.equal(await toggle.getAttribute('aria-pressed'), 'false');
    assert.equal(await page.getByLabel('Left', { exact: true }).isVisible(), false);
    const since = await postedCount();
    await toggle.click();
    assert.deepEqual((await lastPosted('settings', since)).settings.dualAxis, { left: 'accuracy', right: 'response_length/mean' });
    assert.equal(await page.getByLabel('Left', { exact: true }).inputValue(), 'accuracy');
    assert.equal(await page.getByLabel('Right', { exact: true }).inputValue(), 'response_length/mean');
    // Not offered where no benchmark has both.
    await post(firstData());
    assert.equal(await toggle.isVisible(), false);
  });

  it('draws figure 4: a grid of dual-axis charts with independent left and right scales', async () => {
    await post(dualAxisData());
    const MATH = 'val/MATH500/accuracy & val/MATH500/response_length/mean';
    const AIMO = 'val/AIMO2024/accuracy & val/AIMO2024/response_length/mean';
    assert.equal((await visibleCardIds()).length, 13);
    assert.deepEqual(await page.locator('main h2').allTextContents(), ['accuracy and response_length/mean']);
    assert.deepEqual(await page.locator('.tc-card-title').allTextContents(), [
      'Total@temp_1.0', 'OMNI-MATH500', 'MATH500', 'AIMO2024', 'AIME2024', 'ChatGLMMath', 'GAOKAO',
      'GPQA', 'BZ2024', 'Biology', 'Chemistry', 'Physics', 'KACYAN',
    ]);
    // Small multiples: four to a row at 1280 px.
    const tops = await page.locator('.tc-card').evaluateAll((cs) => cs.slice(0, 5).map((c) => c.getBoundingClientRect().top));
    assert.deepEqual(tops.slice(1, 4), [tops[0], tops[0], tops[0]]);
    assert.ok(tops[4] > tops[0]);
    // Each axis has its own range: accuracy in 0–1 on the left, the length from 0 in thousands on the right.
    const label = await card(AIMO).locator('canvas').getAttribute('aria-label');
    assert.match(label, /; left axis: accuracy, 0\.\d+–0\.\d+; right axis: response_length\/mean, 0–3\dk$/);
    assert.match(await card(MATH).locator('canvas').getAttribute('aria-label'), /right axis: response_length\/mean, 0–1\dk$/);

    const text = await hoverStep(MATH, 140);
    assert.match(text, /Step 140\s+accuracy\s+0\.9\s+response_length\/mean\s+10585/);
    // Coloured by axis, as in the figure: blue circles for accuracy, orange squares for the length.
    const [blue, orange] = await tooltipColours();
    assert.equal(blue, THEMES.light.vars['charts-blue']);
    assert.notEqual(orange, blue);
    await page.mouse.move(2, 2);
    const box = await card(AIMO).locator('canvas').boundingBox();
    // The right axis' tick labels, in orange, right of the plot; the left axis' in blue on the left.
    assert.ok((await countNear(AIMO, orange, box.width - 24, box.width)) > 10, 'orange tick labels on the right');
    assert.ok((await countNear(AIMO, blue, 0, 24)) > 10, 'blue tick labels on the left');
    await page.screenshot({ path: path.join(shots, 'figure4-light.png'), fullPage: true });
    await page.evaluate(() => window.__setTheme('dark'));
    await page.waitForTimeout(50);
    await hoverStep(AIMO, 100);
    await page.screenshot({ path: path.join(shots, 'figure4-dark.png'), fullPage: true });
    await page.mouse.move(2, 2);
    await page.evaluate(() => window.__setTheme('light'));
  });

  it('hides one axis’ series from a dual-axis chart’s legend when the view has one run', async () => {
    const MATH = 'val/MATH500/accuracy & val/MATH500/response_length/mean';
    await card(MATH).scrollIntoViewIfNeeded();
    await hoverStep(MATH, 140);
    const [, orange] = await tooltipColours();
    await page.mouse.move(2, 2);
    // The legend's square for response_length/mean: the orange pixels above the plot.
    const marker = await card(MATH).locator('canvas').evaluate((canvas, [hex, band]) => {
      const want = [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16));
      const { data, width } = canvas.getContext('2d').getImageData(0, 0, canvas.width, Math.round(band * devicePixelRatio));
      let sx = 0;
      let sy = 0;
      let n = 0;
      for (let i = 0; i < data.length; i += 4) {
        if (want.every((c, k) => data[i + k] === c) && data[i + 3] === 255) {
          sx += (i / 4) % width;
          sy += Math.floor(i / 4 / width);
          n++;
        }
      }
      return n > 0 ? { x: sx / n / devicePixelRatio, y: sy / n / devicePixelRatio } : undefined;
    }, [orange, LEGEND_BAND + 6]);
    assert.ok(marker, 'the length’s legend marker');
    const box = await card(MATH).locator('canvas').boundingBox();
    await page.mouse.click(box.x + marker.x, box.y + marker.y);
    await page.mouse.move(2, 2);
    await card(MATH).focus();
    await page.keyboard.press('End');
    assert.match(await tooltipText(), /^Step 150\s+accuracy\s+0\.9\s+Press Enter to open the log at this step$/);
    await card(MATH).screenshot({ path: path.join(shots, 'dual-legend-hidden.png') });
    await page.keyboard.press('Escape');
    // The other charts keep both axes.
    assert.ok((await countNear('val/GPQA/accuracy & val/GPQA/response_length/mean', orange, 0, 1000, 0)) > 50);
  });

  it('labels a dual-axis chart’s series with run and metric in a comparison', async () => {
    await openPage();
    await post(comparisonData({ dual: true }));
    const GAOKAO = 'val/GAOKAO/accuracy & val/GAOKAO/response_length/mean';
    assert.match(await hoverStep(GAOKAO, 100), /dual-axis · accuracy\s+0\.\d+\s+dual-axis · response_length\/mean\s+\d+/);
    // Both lines in the run's colour (markers and dashes tell the axes apart).
    const [left, right] = await tooltipColours();
    assert.equal(left, await runColour('dual-axis'));
    assert.equal(right, left);
    await card(GAOKAO).screenshot({ path: path.join(shots, 'comparison-dual.png') });
    await page.mouse.move(2, 2);
  });

  it('says so instead of drawing an empty plot when no value is finite', async () => {
    await post(noFiniteData());
    const c = card('actor/grad_norm_log');
    assert.equal(await c.locator('.tc-no-values').textContent(), 'No finite values to plot (−∞ at 1 step)');
    assert.equal(await c.locator('canvas').evaluate((e) => getComputedStyle(e).visibility), 'hidden');
    await c.screenshot({ path: path.join(shots, 'no-finite.png') });
    await post(firstData());
  });

  it('offers seed groups and draws each as its mean in a translucent min–max band, with the range on hover', async () => {
    await openPage();
    await post(seedsData());
    const seeds = page.getByLabel('Seeds', { exact: true });
    assert.equal(await seeds.inputValue(), 'off');
    const since = await postedCount();
    await seeds.selectOption('minmax');
    assert.equal((await lastPosted('settings', since)).settings.groups, 'minmax');

    await post(seedsData({ grouped: true }));
    const runs = page.getByRole('group', { name: 'Runs' });
    assert.deepEqual(await runs.getByRole('checkbox').evaluateAll((bs) => bs.map((b) => b.labels[0].textContent)), ['drgrpo (3 seeds)', 'dapo (3 seeds)']);
    // GRPO's seeds at step 100: 0.82, 0.829, 0.839. DAPO's third seed stopped at 120: at 150, 0.856 and 0.855.
    assert.match(await hoverStep(SEEDS_METRIC, 100), /drgrpo \(3 seeds\)\s+0\.829333 \(0\.82–0\.839, n=3\)/);
    const end = await hoverStep(SEEDS_METRIC, 150);
    assert.match(end, /dapo \(3 seeds\)\s+0\.8555 \(0\.855–0\.856, n=2\)/);
    // A group's mean was logged by no line of any log: no hint, and a click opens nothing.
    assert.doesNotMatch(end, /open the log/);
    assert.doesNotMatch(await card(SEEDS_METRIC).locator('canvas').getAttribute('aria-description'), /Enter/);
    const beforeClick = await postedCount();
    const { x } = await pointAtStep(SEEDS_METRIC, 100);
    const seedBox = await card(SEEDS_METRIC).locator('canvas').boundingBox();
    for (const at of [0.3, 0.5, 0.7]) await page.mouse.click(x, seedBox.y + seedBox.height * at);
    await card(SEEDS_METRIC).focus();
    await page.keyboard.press('End');
    await page.keyboard.press('Enter');
    await page.keyboard.press('Escape');
    assert.deepEqual(await revealsSince(beforeClick), []);
    await hoverStep(SEEDS_METRIC, 150);
    // The card and the tooltip beside it.
    const box = await card(SEEDS_METRIC).boundingBox();
    await page.screenshot({ path: path.join(shots, 'seed-groups.png'), clip: { ...box, width: Math.min(box.width + 300, 1280 - box.x) } });
    await page.screenshot({ path: path.join(shots, 'seed-groups-page.png'), clip: { x: 0, y: 0, width: 1280, height: 420 } });
    await page.mouse.move(2, 2);

    // The band: pixels of the group's colour, translucent (the canvas is transparent under the fill).
    const translucent = (hex) =>
      card(SEEDS_METRIC).locator('canvas').evaluate((canvas, hex) => {
        const want = [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16));
        const { data } = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height);
        let n = 0;
        for (let i = 0; i < data.length; i += 4) {
          if (data[i + 3] > 30 && data[i + 3] < 70 && want.every((c, k) => Math.abs(data[i + k] - c) <= 3)) n++;
        }
        return n;
      }, hex);
    const grpo = await runColour('drgrpo (3 seeds)');
    const withBand = await translucent(grpo);
    const message = seedsData({ grouped: true });
    for (const s of message.charts[0].series) delete s.band;
    await post(message);
    const without = await translucent(grpo);
    assert.ok(withBand > without + 2000, `band pixels: ${withBand} with the band, ${without} without`);
    // Back to one line per run.
    await seeds.selectOption('off');
    assert.equal((await lastPosted('settings', since + 1)).settings.groups, undefined);
    await post(seedsData());
    assert.equal(await runs.getByRole('checkbox').count(), 6);
    await post(firstData());
    assert.equal(await seeds.isVisible(), false, 'figure 1 has no seeds to group');
  });

  it('adds the value at a chosen step and the step reaching a threshold to the summary, sorted and copied', async () => {
    await openPage();
    await post(firstData());
    if (!(await page.locator('.tc-summary').isVisible())) await page.locator('.tc-toggle', { hasText: 'Summary' }).click();
    await setFilter('math500');
    const headers = () => page.locator('.tc-summary thead th').allTextContents();
    assert.deepEqual(await headers(), ['Metric', 'Run', 'Last', 'Best', 'Best step']);
    const since = await postedCount();
    await page.getByLabel('At step', { exact: true }).fill('30');
    await page.getByLabel('At step', { exact: true }).press('Enter');
    assert.equal((await lastPosted('settings', since)).settings.summaryStep, 30);
    await page.getByLabel('Threshold', { exact: true }).fill('0.8');
    await page.getByLabel('Threshold', { exact: true }).press('Enter');
    const sent = (await lastPosted('settings', since + 1)).settings;
    assert.deepEqual([sent.summaryStep, sent.threshold], [30, 0.8]);

    await post(askedData(30, 0.8));
    assert.deepEqual(await headers(), ['Metric', 'Run', 'Last', 'Best', 'Best step', 'At step 30', 'Reaches 0.8 at']);
    const rows = () => page.locator('.tc-summary tbody tr').evaluateAll((trs) => trs.map((tr) => [...tr.cells].map((c) => c.textContent)));
    // GRPO logged nothing at 30: its value is step 20's. GRPO first reaches 0.8 at 60, MEL (0.805) at 50.
    assert.deepEqual((await rows()).map((r) => r.slice(1)), [
      ['GRPO', '0.82', '0.82 (max)', '120', '0.77 (step 20)', '60'],
      ['MEL', '0.82', '0.84 (max)', '120', '0.76', '50'],
    ]);
    await page.locator('.tc-sort', { hasText: 'Reaches' }).click();
    await page.locator('.tc-sort', { hasText: 'Reaches' }).click();
    assert.deepEqual((await rows()).map((r) => [r[1], r[6]]), [['MEL', '50'], ['GRPO', '60']]);
    await page.screenshot({ path: path.join(shots, 'summary-asks.png'), clip: { x: 0, y: 0, width: 1280, height: 300 } });
    await page.locator('.tc-summary button', { hasText: 'Copy as Markdown' }).click();
    const md = (await lastPosted('copy', since + 2)).text.split('\n');
    assert.equal(md[0], '| Metric | Run | Last | Best | Best step | At step 30 | Reaches 0.8 at |');
    assert.equal(md[2], '| val/math500/acc | MEL | 0.82 | 0.84 (max) | 120 | 0.76 | 50 |');
    await page.locator('.tc-summary button', { hasText: 'Copy as CSV' }).click();
    const csv = (await lastPosted('copy', since + 3)).text.split('\n');
    assert.equal(csv[0], 'metric,run,last,last_step,best,best_step,goal,at_30,at_30_step,reaches_0.8_step');
    assert.equal(csv[2], 'val/math500/acc,GRPO,0.82,140,0.82,120,max,0.77,20,60');
    // Emptied, the columns go, and the host is no longer asked for them.
    await page.getByLabel('At step', { exact: true }).fill('');
    await page.getByLabel('At step', { exact: true }).press('Enter');
    await page.getByLabel('Threshold', { exact: true }).fill('');
    await page.getByLabel('Threshold', { exact: true }).press('Enter');
    const cleared = (await lastPosted('settings', since + 4)).settings;
    assert.deepEqual([cleared.summaryStep, cleared.threshold], [undefined, undefined]);
    assert.deepEqual(await headers(), ['Metric', 'Run', 'Last', 'Best', 'Best step']);
    await setFilter('');
    await page.locator('.tc-toggle', { hasText: 'Summary' }).click();
  });

  it('fixes every chart’s y axis to the range typed, an empty end from the data, and refuses min ≥ max', async () => {
    await page.evaluate(() => sessionStorage.clear());
    await openPage();
    await post(firstData());
    const fromData = await pixels(FIG1);
    const yMin = page.getByLabel('Y min', { exact: true });
    const yMax = page.getByLabel('Y max', { exact: true });
    assert.equal(await yMin.isVisible(), false, 'only offered with Fixed');
    const since = await postedCount();
    await page.getByLabel('Y', { exact: true }).selectOption('fixed');
    assert.ok((await yMin.isVisible()) && (await yMax.isVisible()));
    assert.match(await yMax.getAttribute('title'), /right axis stays from its data/);
    await setYBound(yMin, '0.5');
    await setYBound(yMax, '1');
    assert.deepEqual(await fixedYRanges(), Array(firstData().charts.length).fill([0.5, 1]));
    assert.notEqual(await pixels(FIG1), fromData);
    assert.equal(await postedCount(), since, 'drawn by the webview alone');

    // A range that cuts off figure 1's first (0.74) and last (0.82) values: the x axis still spans the run.
    await setYBound(yMin, '0.77');
    await setYBound(yMax, '0.81');
    assert.deepEqual((await fixedYRanges())[0], [0.77, 0.81]);
    assert.match(await hoverStep(FIG1, 0), /^Step 0\s+GRPO\s+0\.74/);
    assert.match(await hoverStep(FIG1, 140), /^Step 140\s+GRPO\s+0\.82/);
    await page.mouse.move(2, 2);
    const bottom = await card(FIG1).evaluate((c) => c.getBoundingClientRect().bottom);
    await page.screenshot({ path: path.join(shots, 'y-fixed.png'), clip: { x: 0, y: 0, width: 1280, height: Math.ceil(bottom) + 8 } });

    // Max emptied: the top comes from the data, above figure 1's highest value (0.84) and below 1.
    await setYBound(yMax, '');
    const [min, max] = (await fixedYRanges())[0];
    assert.equal(min, 0.77);
    assert.ok(max >= 0.84 && max < 1, `max ${max}`);

    // min ≥ max cannot be drawn: both inputs say so, and the axes are as the data gives them.
    await setYBound(yMin, '1');
    await setYBound(yMax, '0.5');
    for (const input of [yMin, yMax]) {
      assert.equal(await input.getAttribute('aria-invalid'), 'true');
      assert.match(await input.getAttribute('title'), /^Y min must be less than Y max: the y axes are drawn from the data\.$/);
      assert.equal(hexOf(await input.evaluate((e) => getComputedStyle(e).borderColor)), THEMES.light.vars['inputValidation-errorBorder']);
    }
    assert.deepEqual(await fixedYRanges(), Array(firstData().charts.length).fill(undefined));
    assert.equal(await pixels(FIG1), fromData);
    // So is an end that is not a number: 1 edited to "1e".
    await yMin.press('End');
    await yMin.pressSequentially('e');
    await yMin.press('Enter');
    assert.equal(await yMax.getAttribute('aria-invalid'), 'true');
    assert.match(await yMax.getAttribute('title'), /^Y min and Y max must be numbers/);
    assert.equal(await pixels(FIG1), fromData);
    await setYBound(yMin, '0.5');
    await setYBound(yMax, '1');
    assert.equal(await yMin.getAttribute('aria-invalid'), 'false');
    assert.match(await yMin.getAttribute('title'), /^Lowest value/);
  });

  it('keeps a fixed y range through live appends, a reload and ignoring outliers; a right axis stays from its data', async () => {
    await post(appendedData());
    assert.match(await card(FIG1).locator('canvas').getAttribute('aria-label'), /steps 0–160;/);
    assert.deepEqual((await fixedYRanges())[0], [0.5, 1]);

    await openPage();
    assert.equal(await page.getByLabel('Y', { exact: true }).inputValue(), 'fixed');
    assert.equal(await page.getByLabel('Y min', { exact: true }).inputValue(), '0.5');
    assert.equal(await page.getByLabel('Y max', { exact: true }).inputValue(), '1');
    await post(firstData());
    assert.deepEqual(await fixedYRanges(), Array(firstData().charts.length).fill([0.5, 1]));

    // The host's outlier-free range does not override the user's ends; it fills an end left empty.
    await page.getByLabel('Ignore outliers').check();
    const clipped = firstData();
    clipped.charts[0].yRange = { min: 0.78, max: 0.82 };
    await post(clipped);
    assert.deepEqual((await fixedYRanges())[0], [0.5, 1]);
    await setYBound(page.getByLabel('Y max', { exact: true }), '');
    assert.deepEqual((await fixedYRanges())[0], [0.5, 0.82]);
    // Unless it would cross the user's end: min 0.9 is above the outlier max, so the top comes from the data.
    await setYBound(page.getByLabel('Y min', { exact: true }), '0.9');
    const [min, max] = (await fixedYRanges())[0];
    assert.ok(min === 0.9 && max > 0.9, `${min}–${max}`);
    await page.getByLabel('Ignore outliers').uncheck();
    await setYBound(page.getByLabel('Y min', { exact: true }), '0.5');
    await setYBound(page.getByLabel('Y max', { exact: true }), '1');

    // Dual-axis charts: the left axis is fixed, the right one (lengths in thousands) is as without it.
    await post(dualAxisData());
    const AIMO = 'val/AIMO2024/accuracy & val/AIMO2024/response_length/mean';
    const axes = async () => /; left axis: (.*); right axis: (.*)$/.exec(await card(AIMO).locator('canvas').getAttribute('aria-label')).slice(1);
    const [left, right] = await axes();
    assert.equal(left, 'accuracy, 0.5–1');
    await page.getByLabel('Y', { exact: true }).selectOption('linear');
    const [leftFromData, rightFromData] = await axes();
    assert.notEqual(leftFromData, left);
    assert.equal(right, rightFromData);
    assert.match(right, /^response_length\/mean, 0–3\dk$/);
    // Back to Fixed: the range typed before is still there.
    await page.getByLabel('Y', { exact: true }).selectOption('fixed');
    assert.deepEqual(await axes(), [left, right]);
    await page.getByLabel('Y', { exact: true }).selectOption('linear');
    await page.evaluate(() => sessionStorage.clear());
    await openPage();
  });

  it('plots against a logged metric that only grows, naming it and the step in the tooltip', async () => {
    await openPage();
    await post(firstData());
    const x = page.getByLabel('X', { exact: true });
    assert.deepEqual(await x.locator('option').allTextContents(), ['Step', 'Step (log)', 'Rel. time', 'Wall time'], 'no metric to offer');
    await post(tokensData());
    assert.deepEqual(await x.locator('optgroup[label="Logged metric"] option').allTextContents(), [TOKENS]);
    const since = await postedCount();
    await x.selectOption(TOKENS);
    assert.equal((await lastPosted('settings', since)).settings.xAxis, `metric:${TOKENS}`);
    const byStep = await pixels(SEEDS_METRIC);
    await post(tokensData({ againstTokens: true }));
    assert.notEqual(await pixels(SEEDS_METRIC), byStep, 'redrawn against tokens');
    // DAPO's responses are longer: it has seen more tokens (391,978,662) by step 150, where GRPO has ended.
    await card(SEEDS_METRIC).focus();
    await page.keyboard.press('End');
    assert.match(await tooltipText(), /^perf\/total_num_tokens 3\.9198e\+8 · step 150\s+drgrpo-seed1\s+—\s+dapo-seed1\s+0\.856\s+Press Enter/);
    // Enter opens the log of the run that has a point there, at that point's step (not its token count).
    const beforeKey = await postedCount();
    await page.keyboard.press('Enter');
    assert.deepEqual(await lastPosted('revealLine', beforeKey), { type: 'revealLine', run: 'dapo-seed1', step: 150 });
    // Back along the tokens: DAPO's step 140 (358,824,387 tokens) comes after GRPO's step 150 (350,893,976).
    await page.keyboard.press('ArrowLeft');
    assert.match(await tooltipText(), /^perf\/total_num_tokens 3\.5882e\+8 · step 140\s+drgrpo-seed1\s+—\s+dapo-seed1\s+0\.863\s+Press Enter/);
    await page.keyboard.press('ArrowLeft');
    assert.match(await tooltipText(), /^perf\/total_num_tokens 3\.5089e\+8 · step 150\s+drgrpo-seed1\s+0\.824\s+/);
    await card(SEEDS_METRIC).screenshot({ path: path.join(shots, 'x-by-tokens.png') });
    await page.keyboard.press('Escape');
    // Remembered, and what the host is first asked for.
    await openPage();
    assert.equal((await page.evaluate(() => window.__posted.find((m) => m.type === 'ready'))).settings.xAxis, `metric:${TOKENS}`);
    assert.equal(await x.inputValue(), `metric:${TOKENS}`);
    await x.selectOption('step');
  });

  it('raised no page errors, console errors, CSP violations or dialogs', async () => {
    assert.deepEqual(await page.evaluate(() => window.__cspViolations), []);
    assert.deepEqual(problems, []);
    assert.deepEqual(dialogs, []);
  });
});
