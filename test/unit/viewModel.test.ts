import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildCharts, DEFAULT_SETTINGS, type RunColumns } from '../../src/core/charts';
import { comparisonTitle, csvExport, dataCsv, shownCsv, viewMessage, viewRuns } from '../../src/core/viewModel';
import type { DataMessage, ErrorMessage, ViewSettings } from '../../src/protocol';
import { noisyRun, series, viewInput as view, viewLog as log } from './helpers';

function data(message: DataMessage | ErrorMessage): DataMessage {
  if (message.type !== 'data') throw new Error(`expected data, got ${message.message}`);
  return message;
}

const acc = [
  { step: 0, 'val/acc': 0.5 },
  { step: 10, 'val/acc': 0.7 },
];

test('one log: run ids are the run names; several: each starts with its log’s place, never its path', () => {
  const lines = [
    { step: 0, run: 'a', 'val/acc': 1 },
    { step: 0, run: 'b', 'val/acc': 2 },
  ];
  assert.deepEqual(
    viewRuns(view([log('/w/x.metrics.jsonl', lines)])).map((r) => r.id),
    ['a', 'b'],
  );
  const two = viewRuns(view([log('/w/x.metrics.jsonl', lines), log('/w/y.metrics.jsonl', acc, 'y')]));
  assert.deepEqual(
    two.map((r) => r.id),
    ['0#a', '0#b', '1#y'],
  );
});

test('runs of the same name in different logs are labelled with the part of their paths that differs', () => {
  const runs = viewRuns(
    view([
      log('/w/a/grpo.metrics.jsonl', acc),
      log('/w/b/grpo.metrics.jsonl', acc),
      log('/w/b/mel.metrics.jsonl', acc, 'mel'),
    ]),
  );
  assert.deepEqual(
    runs.map((r) => r.label),
    ['a/grpo', 'b/grpo', 'mel'],
  );
});

test('runs marked deleted (MLflow) are left out unless the setting shows them', () => {
  const lines = [
    { step: 0, run: 'kept', 'val/acc': 1 },
    { step: 0, run: 'gone', lifecycle_stage: 'deleted', 'val/acc': 2 },
  ];
  assert.deepEqual(
    viewRuns(view([log('/w/x.metrics.jsonl', lines)])).map((r) => r.label),
    ['kept'],
  );
  assert.deepEqual(
    viewRuns(view([log('/w/x.metrics.jsonl', lines)], { showDeleted: true })).map((r) => r.label),
    ['kept', 'gone'],
  );
});

test('a view of some metrics (a benchmark’s, or one) gives its runs those metrics only', () => {
  const lines = [{ step: 0, 'val/acc': 1, 'val/len': 100, 'actor/kl': 0.1 }];
  const [run] = viewRuns(view([log('/w/x.metrics.jsonl', lines)], { options: { metrics: ['val/acc', 'val/len'] } }));
  assert.ok(run);
  assert.deepEqual([...run.metrics.keys()], ['val/acc', 'val/len']);
});

test('an error message only when no log could be read; otherwise the errors are notices above the charts', () => {
  const broken = (path: string) => log(path, '', 'x', { error: `Cannot read ${path}` });
  const none = viewMessage(view([broken('/w/a.jsonl'), broken('/w/b.jsonl')]), 'Compare');
  assert.deepEqual(none, {
    message: { type: 'error', message: 'Cannot read /w/a.jsonl\nCannot read /w/b.jsonl' },
    title: 'Compare',
  });
  const some = data(viewMessage(view([broken('/w/a.jsonl'), log('/w/b.metrics.jsonl', acc)]), 'Compare').message);
  assert.equal(some.notices[0], 'Cannot read /w/a.jsonl');
  assert.equal(some.charts.length, 1);
});

test('notices: the other logs’ skipped lines, the parsers’ own notices, and runs with nothing to plot against the x axis', () => {
  const first = log('/w/a/grpo.metrics.jsonl', '{"step": 5, "val/acc": 1}\n{"step": 2, "val/acc": 2}', 'grpo');
  const second = log('/w/b/mel.metrics.jsonl', '{"step": 0, "val/acc": 1, "time": 100}\nnot json\n', 'mel');
  const settings = (patch: Partial<ViewSettings>): ViewSettings => ({ ...DEFAULT_SETTINGS, ...patch });
  const byTime = data(viewMessage(view([first, second], { settings: settings({ xAxis: 'relative' }) }), 't').message);
  assert.deepEqual(byTime.notices, [
    'mel.metrics.jsonl: 1 line skipped: 2 (not valid JSON)',
    ...first.parser.notices,
    'No time field (time, timestamp, _timestamp, wall_time) in grpo: nothing to plot against time.',
  ]);
  assert.match(byTime.notices[1]!, /^run grpo: step went back from 5 to 2 at line 2/);
  // The first log's skipped lines are the banner's (DataMessage.skipped), not a notice.
  assert.equal(byTime.skipped.count, 0);
  const byMetric = data(
    viewMessage(view([first, second], { settings: settings({ xAxis: 'metric:val/acc' }) }), 't').message,
  );
  assert.deepEqual(byMetric.notices.slice(2), []);
  const byOther = data(
    viewMessage(view([first, second], { settings: settings({ xAxis: 'metric:tokens' }) }), 't').message,
  );
  assert.equal(byOther.notices.at(-1), 'grpo, mel did not log tokens: nothing to plot against it.');
});

test('the run list leaves out runs with nothing in the view; the seed groups are of listed runs', () => {
  const seed = (n: number) => log(`/w/drgrpo-seed${n}.metrics.jsonl`, acc, `drgrpo-seed${n}`);
  const other = log('/w/mel.metrics.jsonl', [{ step: 0, 'actor/kl': 1 }], 'mel');
  const message = data(
    viewMessage(view([seed(1), seed(2), other], { options: { metrics: ['val/acc'] } }), 't').message,
  );
  assert.deepEqual(message.runs, [
    { id: '0#drgrpo-seed1', label: 'drgrpo-seed1' },
    { id: '1#drgrpo-seed2', label: 'drgrpo-seed2' },
  ]);
  assert.deepEqual(
    message.groups?.map((g) => g.members),
    [['0#drgrpo-seed1', '1#drgrpo-seed2']],
  );
});

test('the title comes from the runs’ labels once every log is read, and stays while titleOf has none', () => {
  const titleOf = (labels: readonly string[]) => (labels.length > 0 ? comparisonTitle('MATH500', labels) : undefined);
  const options = { titleOf, restore: { comparison: 'id' } };
  const loading = viewMessage(
    view([log('/w/a.metrics.jsonl', acc, 'a'), log('/w/b.metrics.jsonl', acc, 'b', { loading: true })], { options }),
    'first',
  );
  assert.equal(loading.title, 'first');
  assert.equal(data(loading.message).complete, false);
  const read = viewMessage(
    view([log('/w/a.metrics.jsonl', acc, 'a'), log('/w/b.metrics.jsonl', acc, 'b')], { options }),
    'first',
  );
  assert.equal(read.title, 'MATH500 — a vs b');
  assert.equal(data(read.message).title, read.title);
  assert.deepEqual(data(read.message).restore, { comparison: 'id' });
  assert.equal(viewMessage(view([log('/w/a.metrics.jsonl', '', 'a')], { options }), 'first').title, 'first');
});

test('a comparison’s title names three runs, and counts more than four', () => {
  assert.equal(comparisonTitle(undefined, ['a', 'b']), 'Compare: a vs b');
  assert.equal(comparisonTitle(undefined, ['a', 'b', 'c', 'd']), 'Compare: a vs b vs c vs d');
  assert.equal(comparisonTitle('MATH500', ['a', 'b', 'c', 'd', 'e']), 'MATH500 — a vs b vs c +2 more');
});

test('the CSV export is named after the view, less a log’s extension; the shown data’s name says so', () => {
  const single = view([log('/w/grpo.metrics.jsonl', acc)]);
  const full = csvExport(single, 'grpo.metrics.jsonl', 'full');
  assert.deepEqual(full, { name: 'grpo.csv', text: dataCsv(viewRuns(single)) });
  const shown = csvExport(single, 'grpo.metrics.jsonl', 'shown');
  assert.deepEqual(shown, { name: 'grpo-shown.csv', text: shownCsv(buildCharts(viewRuns(single), 400), 'step') });
  assert.equal(csvExport(single, 'Compare: a vs b/c', 'full').name, 'Compare_a_vs_b_c.csv');
});

test('the data CSV has every point of every run at full resolution, gaps empty', () => {
  const a: RunColumns = {
    id: 'p#a',
    label: 'a,1',
    metrics: new Map([['val/acc', series([0, 1], [0.5, NaN])]]),
    times: series([], []),
  };
  const b: RunColumns = {
    id: 'q#b',
    label: 'b',
    metrics: new Map([['loss', series([5], [-Infinity])]]),
    times: series([], []),
  };
  assert.equal(dataCsv([a, b]), 'run,metric,step,value\n"a,1",val/acc,0,0.5\n"a,1",val/acc,1,\nb,loss,5,-inf\n');
});

test('the CSV as shown has the drawn points: downsampled, in the zoomed range, smoothed values beside them', () => {
  const runs = [noisyRun('a', 'val/acc', 10_000)];
  const overview = shownCsv(buildCharts(runs, 100), 'step').trimEnd().split('\n');
  assert.equal(overview[0], 'chart,series,step,value,smoothed,band_lower,band_upper');
  assert.ok(overview.length - 1 <= 200, `${overview.length - 1} rows for a 100 px chart`);
  const [chart] = buildCharts(runs, 100, undefined, {
    ...DEFAULT_SETTINGS,
    range: { min: 1000, max: 1010 },
    smoothing: { kind: 'ema', weight: 0.5 },
  });
  assert.ok(chart);
  const rows = shownCsv([chart], 'step')
    .trimEnd()
    .split('\n')
    .slice(1)
    .map((r) => r.split(','));
  assert.deepEqual(
    rows.map((r) => Number(r[2])),
    [...chart.series[0]!.x],
  );
  assert.deepEqual(
    rows.map((r) => Number(r[3])),
    [...chart.series[0]!.y],
  );
  assert.deepEqual(
    rows.map((r) => Number(r[4])),
    [...chart.series[0]!.smoothed!],
  );
  assert.ok(rows.every((r) => r[0] === 'val/acc' && r[1] === 'a' && r[5] === '' && r[6] === ''));
  assert.equal(shownCsv([chart], 'metric:perf/tokens').split(',')[2], 'perf/tokens');
});
