import { test } from 'node:test';
import assert from 'node:assert/strict';
import { MetricsLogParser, lineOfStep } from '../../src/core/jsonl';
import type { Run } from '../../src/core/types';
import { onlyRun, parse, parseBytes, parseInTwo, points } from './helpers';

const encode = (text: string): Uint8Array => new TextEncoder().encode(text);

/** The run's line column as [step, line] pairs. */
function lines(run: Run | undefined): [number, number][] {
  if (!run) throw new Error('no such run');
  return points(run.lines);
}

test('each step knows the file line that logged it, counting blank, CRLF, BOM and skipped lines', () => {
  const run = onlyRun(
    parse(
      '\uFEFF{"step": 0, "a": 1}\r\n' +
        '\r\n' +
        'Traceback (most recent call last):\n' +
        // Arrays send the line to the JSON.parse fallback: its number must be the same.
        '{"step": 10, "a": 2, "hist": [1, 2]}\n' +
        '{"a": 3}\n',
    ),
  );
  assert.deepEqual(lines(run), [
    [0, 1],
    [10, 4],
    [11, 5],
  ]);
});

test('a step logged on several lines points at the last of them; metadata-only lines do not move it', () => {
  const parser = parse(
    '{"step": 5, "loss": 1}\n' +
      '{"step": 5, "val/acc": 0.5}\n' +
      '{"step": 5, "note": "checkpoint saved"}\n' +
      '{"step": 6, "timestamp": 12.5}\n' +
      '{"step": 7, "loss": 2}\n',
  );
  assert.deepEqual(lines(onlyRun(parser)), [
    [5, 2],
    [7, 5],
  ]);
});

test('after a restart the steps point at the lines logged after it', () => {
  const run = onlyRun(
    parse(
      '{"step": 1, "a": 1}\n{"step": 2, "a": 2}\n{"step": 3, "a": 3}\n{"step": 2, "a": 20}\n{"step": 3, "a": 30}\n',
    ),
  );
  assert.deepEqual(lines(run), [
    [1, 1],
    [2, 4],
    [3, 5],
  ]);
});

test('runs in one file each have their own line numbers', () => {
  const parser = parse(
    '{"run": "a", "step": 0, "x": 1}\n{"run": "b", "step": 0, "x": 2}\n{"run": "a", "step": 1, "x": 3}\n',
  );
  assert.deepEqual(lines(parser.runs.get('a')), [
    [0, 1],
    [1, 3],
  ]);
  assert.deepEqual(lines(parser.runs.get('b')), [[0, 2]]);
});

test('line numbers are the same whatever the pushes, including a torn line completed later', () => {
  const text = '{"step": 0, "a": 1}\r\n\n{"step": 1, "a": 2}\nbad\n{"step": 2, "a": 3}\n{"step": 2, "a": 4}\n{"a": 5}';
  const bytes = encode(text);
  const whole = lines(onlyRun(parseBytes(bytes)));
  assert.deepEqual(whole, [
    [0, 1],
    [1, 3],
    [2, 6],
    [3, 7],
  ]);
  assert.deepEqual(lines(onlyRun(parseBytes(bytes, 1))), whole);
  for (let cut = 1; cut < bytes.length; cut++) {
    const parser = parseInTwo(bytes, cut);
    assert.deepEqual(lines(onlyRun(parser)), whole, `cut at byte ${cut}`);
  }
});

test('a line appended after finish() read an unterminated last line gets the next number', () => {
  const parser = new MetricsLogParser('run');
  parser.push(encode('{"step": 0, "a": 1}\n{"step": 1, "a": 2}'));
  parser.finish();
  parser.push(encode('\n{"step": 2, "a": 3}\n'));
  parser.finish();
  assert.deepEqual(lines(onlyRun(parser)), [
    [0, 1],
    [1, 2],
    [2, 3],
  ]);
});

test('lineOfStep finds the line of an exact step only', () => {
  const run = onlyRun(parse('{"step": 10, "a": 1}\n\n{"step": 20, "a": 2}\n'));
  assert.equal(lineOfStep(run, 10), 1);
  assert.equal(lineOfStep(run, 20), 3);
  assert.equal(lineOfStep(run, 15), undefined);
  assert.equal(lineOfStep(run, 25), undefined);
  assert.equal(lineOfStep(run, 5), undefined);
  // A run of a format without lines (e.g. TensorBoard events) has none to reveal.
  assert.equal(lineOfStep({ ...run, lines: undefined }, 10), undefined);
});
