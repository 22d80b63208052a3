import { test } from 'node:test';
import assert from 'node:assert/strict';
import { chartsSvg, niceTicks, onWhite, type SvgChart } from '../../src/core/export/svg';

/** The SVG's elements, checking that every tag closes in order (a well-formedness check of what we write). */
function elements(svg: string): { name: string; attrs: string; text: string }[] {
  const open: { name: string; attrs: string; start: number }[] = [];
  const found: { name: string; attrs: string; text: string }[] = [];
  const tag = /<(\/?)([a-zA-Z]+)([^<>]*?)(\/?)>/g;
  for (let m = tag.exec(svg); m; m = tag.exec(svg)) {
    const [, closing, name, attrs, selfClosing] = m as unknown as [string, string, string, string, string];
    if (closing) {
      const top = open.pop();
      assert.equal(top?.name, name, `</${name}> closes <${top?.name}>`);
      found.push({ name, attrs: top.attrs, text: svg.slice(top.start, m.index).replace(/<[^>]*>/g, '') });
    } else if (selfClosing) found.push({ name, attrs, text: '' });
    else open.push({ name, attrs, start: m.index + m[0].length });
  }
  assert.deepEqual(open, [], 'every element is closed');
  return found;
}

const chart = (over: Partial<SvgChart> = {}): SvgChart => ({
  title: 'val-core/MATH500/acc/mean@1',
  x: { title: 'step', min: 0, max: 300 },
  y: { title: 'acc/mean@1', min: 0.4, max: 0.9 },
  series: [
    { label: 'grpo', color: '#3794ff', xs: [0, 100, 200, 300], ys: [0.5, 0.6, NaN, 0.8] },
    {
      label: 'mel (3 seeds)',
      color: '#f4f4a0',
      xs: [0, 100, 200, 300],
      ys: [0.5, 0.65, 0.75, 0.85],
      band: { lower: [0.45, 0.6, 0.7, 0.8], upper: [0.55, 0.7, 0.8, 0.9] },
    },
  ],
  ...over,
});

test('a chart is an SVG with its metric, axes and runs as text and one path per series', () => {
  const svg = chartsSvg([chart()]);
  const els = elements(svg);
  const texts = els.filter((e) => e.name === 'text').map((e) => e.text);
  for (const text of ['val-core/MATH500/acc/mean@1', 'step', 'acc/mean@1', 'grpo', 'mel (3 seeds)'])
    assert.ok(texts.includes(text), text);
  const series = els.filter((e) => e.name === 'path' && /class="series"/.test(e.attrs));
  assert.equal(series.length, 2);
  assert.equal(els.filter((e) => /class="band"/.test(e.attrs)).length, 1);
  // The NaN at step 200 breaks grpo's line in two.
  assert.equal((/ d="([^"]*)"/.exec(series[0]!.attrs)![1]!.match(/M/g) ?? []).length, 2);
  // A tick at every 50 steps, labelled as text.
  for (const tick of ['0', '50', '100', '300']) assert.ok(texts.includes(tick), `tick ${tick}`);
  // White paper, whatever the editor's theme; a pale series colour is darkened to read on it.
  assert.match(svg, /<rect width="100%" height="100%" fill="#ffffff"\/>/);
  assert.ok(!svg.includes('#f4f4a0'));
});

test('names from logs are text, never markup', () => {
  const svg = chartsSvg([
    chart({
      title: '<script>alert(1)</script> & "x"',
      series: [{ label: '</text><svg onload=x>', color: '#000000', xs: [0], ys: [1] }],
    }),
  ]);
  assert.ok(!svg.includes('<script>'));
  assert.ok(!svg.includes('<svg onload'));
  const texts = elements(svg)
    .filter((e) => e.name === 'text')
    .map((e) => e.text);
  assert.ok(texts.includes('&#60;script&#62;alert(1)&#60;/script&#62; &#38; &#34;x&#34;'));
});

test('a grid lays charts out in columns, each with its own axes', () => {
  const svg = chartsSvg([chart(), chart({ title: 'AIME24' }), chart({ title: 'GPQA' })], 2, 'MATH500 grid');
  assert.match(svg, /width="960" height="630"/);
  const titles = elements(svg)
    .filter((e) => e.name === 'text' && /font-weight="bold"/.test(e.attrs))
    .map((e) => e.text);
  assert.deepEqual(titles, ['MATH500 grid', 'val-core/MATH500/acc/mean@1', 'AIME24', 'GPQA']);
});

test('ticks are round numbers covering the range; colours dark enough are kept', () => {
  assert.deepEqual(niceTicks(0, 1, 5), [0, 0.2, 0.4, 0.6, 0.8, 1]);
  assert.deepEqual(niceTicks(0.41, 0.89, 5), [0.5, 0.6, 0.7, 0.8]);
  assert.deepEqual(niceTicks(0, 142_000, 6), [0, 25000, 50000, 75000, 100000, 125000]);
  // Zero reads as 0, not as the float noise of adding the step from a negative start.
  assert.deepEqual(niceTicks(-0.03, 0.02, 5), [-0.03, -0.02, -0.01, 0, 0.01, 0.02]);
  assert.equal(onWhite('#1f77b4'), '#1f77b4');
  assert.notEqual(onWhite('#ffff00'), '#ffff00');
});
