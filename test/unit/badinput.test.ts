// What the user sees for every kind of bad input a metrics log can hold (issue #8): which lines are
// skipped and why, what the notices say, and that every good line is still read.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { MetricsLogParser } from '../../src/core/jsonl';
import { flatten } from '../../src/core/flatten';
import { LINEAR_GROWTH, growth, onlyRun, parse, parseBytes, points, prng } from './helpers';

const encode = (text: string): Uint8Array => new TextEncoder().encode(text);
const concat = (...parts: (Uint8Array | number[])[]): Uint8Array => {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const part of parts) {
    out.set(part, at);
    at += part.length;
  }
  return out;
};
/** Wall time of fn in ms. Bounds below are many times what the work takes, so only a blow-up (O(n²)) fails them. */
const timed = (fn: () => void): number => {
  const start = performance.now();
  fn();
  return performance.now() - start;
};

const NOT_JSON = 'not valid JSON';
const NOT_TEXT = 'not valid JSON: binary data or text that is not UTF-8';
const NOT_OBJECT = 'not a JSON object';

test('an empty file, or one of blank lines only, opens with no runs, nothing skipped and no notice', () => {
  for (const text of ['', '\n', '\n\n   \r\n\t\n', '\uFEFF', '\uFEFF\r\n  ']) {
    const parser = parse(text);
    assert.equal(parser.runs.size, 0, JSON.stringify(text));
    assert.deepEqual(parser.skipped, { count: 0, first: [] });
    assert.deepEqual(parser.notices, []);
    assert.equal(parser.pendingLine, undefined);
    assert.equal(parser.lines, text.split('\n').length - 1);
  }
});

test('a BOM is dropped at the start of the file only, even split over pushes; CRLF and a CRLF split over pushes are line ends', () => {
  const bytes = encode('\uFEFF{"step": 0, "a": 1}\r\n{"step": 1, "a": 2}\r\n\uFEFF{"step": 2, "a": 3}\r\n');
  for (const chunk of [1, 2, 3, 5, bytes.length]) {
    const parser = parseBytes(bytes, chunk);
    assert.deepEqual(points(onlyRun(parser).metrics.get('a')), [
      [0, 1],
      [1, 2],
    ]);
    // A U+FEFF later in the file is a character JSON does not allow there.
    assert.deepEqual(parser.skipped.first, [{ line: 3, reason: NOT_JSON }]);
    assert.equal(parser.lines, 3);
  }
});

test('a lone CR inside a line does not end it: two objects on one line are one bad line', () => {
  const parser = parse('{"step": 0, "a": 1}\r{"step": 1, "a": 2}\n{"step": 2, "a": 3}\n');
  assert.deepEqual(parser.skipped.first, [{ line: 1, reason: NOT_JSON }]);
  assert.deepEqual(points(onlyRun(parser).metrics.get('a')), [[2, 3]]);
});

test('a torn last line waits as pending (not skipped) while earlier lines show; it is read once complete', () => {
  const parser = new MetricsLogParser('run');
  parser.push(encode('{"step": 0, "a": 1}\n{"step": 1, "a": 2}\n{"step": 2, "a": 3.'));
  parser.finish();
  assert.equal(parser.pendingLine, 3);
  assert.equal(parser.skipped.count, 0);
  assert.equal(parser.lines, 2);
  assert.deepEqual(points(onlyRun(parser).metrics.get('a')), [
    [0, 1],
    [1, 2],
  ]);
  parser.push(encode('5}\n'));
  parser.finish();
  assert.equal(parser.pendingLine, undefined);
  assert.deepEqual(points(onlyRun(parser).metrics.get('a'))[2], [2, 3.5]);
});

test('a 10 MB line (a huge string, array, number or key) is read in linear time, whole or in 64 KB pushes', () => {
  const big = 10 * 2 ** 20;
  const cases: [string, string, (run: ReturnType<typeof onlyRun>) => void][] = [
    ['string', `"note": "${'x'.repeat(big)}"`, (run) => assert.equal((run.metadata.get('note') as string).length, big)],
    ['array', `"rewards": [${'0.5, '.repeat(big / 5)}1]`, (run) => assert.equal(run.metrics.get('rewards'), undefined)],
    [
      'array of NaN',
      `"rewards": [${'NaN, '.repeat(big / 5)}1]`,
      (run) => assert.equal(run.metrics.get('rewards'), undefined),
    ],
    [
      'number',
      `"n": 0.${'3'.repeat(big)}`,
      (run) => assert.deepEqual(points(run.metrics.get('n')), [[7, 0.3333333333333333]]),
    ],
    ['key', `"${'k'.repeat(big)}": 2`, (run) => assert.deepEqual(points(run.metrics.get('k'.repeat(big))), [[7, 2]])],
  ];
  for (const [what, field, check] of cases) {
    const bytes = encode(`{"step": 6, "loss": 1}\n{"step": 7, "loss": 0.5, ${field}}\n{"step": 8, "loss": 0.25}\n`);
    // Pushed in pieces, the line is gathered from 160 chunks first (once is enough: the content does not matter there).
    for (const chunk of what === 'string' ? [bytes.length, 1 << 16] : [bytes.length]) {
      let parser = new MetricsLogParser('run');
      const ms = timed(() => (parser = parseBytes(bytes, chunk)));
      assert.ok(ms < 30_000, `${what} in ${chunk}-byte pushes took ${ms} ms`);
      assert.equal(parser.skipped.count, 0, what);
      const run = onlyRun(parser);
      assert.deepEqual(points(run.metrics.get('loss')), [
        [6, 1],
        [7, 0.5],
        [8, 0.25],
      ]);
      check(run);
    }
  }
});

test('a line over 64 MB is skipped as too long without being kept in memory; the lines around it are read', () => {
  const line = concat(encode('{"step": 1, "note": "'), new Uint8Array(64 * 2 ** 20).fill(120), encode('"}'));
  const bytes = concat(encode('{"step": 0, "a": 1}\n'), line, encode('\n{"step": 2, "a": 3}\n'));
  for (const chunk of [bytes.length, 4 << 20]) {
    const parser = parseBytes(bytes, chunk);
    assert.deepEqual(parser.skipped.first, [{ line: 2, reason: 'longer than 64 MB' }]);
    assert.deepEqual(points(onlyRun(parser).metrics.get('a')), [
      [0, 1],
      [2, 3],
    ]);
    assert.equal(parser.bytesConsumed, bytes.length);
  }
  // While it is still being written, it is the pending line like any other.
  const parser = parseBytes(concat(encode('{"step": 0, "a": 1}\n'), line), 4 << 20);
  assert.equal(parser.pendingLine, 2);
  assert.equal(parser.skipped.count, 0);
});

test('100,000 metrics on one line, or one new metric on each of 100,000 lines, are read in linear time', () => {
  const wide = (n: number): string => {
    let line = '{"step": 1';
    for (let i = 0; i < n; i++) line += `, "m${i}": ${i}.5`;
    return `${line}}\n${line.replace('"step": 1', '"step": 2')}}\n`;
  };
  const tall = (n: number): string => {
    let text = '';
    for (let i = 0; i < n; i++) text += `{"step": ${i}, "m${i}": ${i}.5}\n`;
    return text;
  };
  for (const [what, make, stepOf] of [
    ['one line', wide, () => 2],
    ['many lines', tall, (i: number) => i],
  ] as const) {
    const n = 100_000;
    const run = onlyRun(parse(make(n)));
    assert.equal(run.metrics.size, n);
    for (const i of [0, 1, 4321, n - 1])
      assert.deepEqual(points(run.metrics.get(`m${i}`)).at(-1), [stepOf(i), i + 0.5]);
    // 25k vs 100k names: a lookup that scans the names seen so far would take 16 times as long, not 4.
    const texts = new Map([25_000, 100_000].map((size) => [size, make(size)]));
    const ratio = growth((size) => parse(texts.get(size)!), 25_000);
    assert.ok(ratio < LINEAR_GROWTH, `${what}: 4× the names took ${ratio.toFixed(1)}× as long`);
  }
});

test('the same step logged twice keeps the last value, and the notice says which run, how many and where first', () => {
  const parser = parse(
    '{"step": 5, "loss": 1, "acc": 0.1}\n{"step": 5, "loss": 2}\n{"step": 6, "loss": 3}\n{"step": 6, "loss": 4, "acc": 0.2}\n',
    'grpo',
  );
  const run = onlyRun(parser);
  assert.deepEqual(points(run.metrics.get('loss')), [
    [5, 2],
    [6, 4],
  ]);
  assert.deepEqual(points(run.metrics.get('acc')), [
    [5, 0.1],
    [6, 0.2],
  ]);
  assert.deepEqual(parser.notices, [
    'run grpo: 2 values were logged again at a step that already had a different one (first: loss at step 5, line 2); the last value logged was kept',
  ]);
});

test('a step going back is a restart: the later lines are kept, the notice says where and how many points were dropped', () => {
  const parser = parse(
    '{"step": 0, "loss": 3}\n{"step": 1, "loss": 2, "acc": 0.5}\n{"step": 2, "loss": 1, "acc": 0.6}\n' +
      '{"step": 1, "loss": 2.5}\n{"step": 2, "loss": 1.5}\n',
    'grpo',
  );
  const run = onlyRun(parser);
  assert.deepEqual(points(run.metrics.get('loss')), [
    [0, 3],
    [1, 2.5],
    [2, 1.5],
  ]);
  // The resumed run did not log acc again: the old points from the abandoned attempt are gone.
  assert.deepEqual(points(run.metrics.get('acc')), []);
  assert.deepEqual(parser.notices, [
    'run grpo: step went back from 2 to 1 at line 4, as when a run resumes from a checkpoint; ' +
      'the 4 points logged before at step 1 or later were dropped for the new ones',
  ]);
});

test('bytes that are not UTF-8 inside a string or key are read as U+FFFD; outside strings they make the line binary', () => {
  const latin1 = (text: string): number[] => [...text].map((c) => c.charCodeAt(0));
  const bytes = concat(
    encode('{"step": 1, "note": "caf'),
    latin1('é \xFF\xFE'),
    encode('", "loss": 0.5}\n{"step": 2, "'),
    [0xff, 0xfe],
    encode('acc": 0.7, "lengths": [1]}\n'),
    latin1('Température: 20°C\n'),
    encode('{"step": 3, "loss": 0.25}'),
    [0xff],
    encode('\n{"step": 4, "loss": 0.125}\n'),
  );
  for (const chunk of [1, 7, bytes.length]) {
    const parser = parseBytes(bytes, chunk);
    const run = onlyRun(parser);
    assert.equal(run.metadata.get('note'), 'caf\uFFFD \uFFFD\uFFFD');
    assert.deepEqual(points(run.metrics.get('\uFFFD\uFFFDacc')), [[2, 0.7]]);
    assert.deepEqual(points(run.metrics.get('loss')), [
      [1, 0.5],
      [4, 0.125],
    ]);
    assert.deepEqual(parser.skipped.first, [
      { line: 3, reason: NOT_TEXT },
      { line: 4, reason: NOT_TEXT },
    ]);
  }
});

test('a log saved as UTF-16 is told as not UTF-8 text, line by line', () => {
  const text = '{"step": 0, "a": 1}\n{"step": 1, "a": 2}\n';
  const utf16 = new Uint8Array(2 + text.length * 2);
  utf16.set([0xff, 0xfe]);
  for (let i = 0; i < text.length; i++) utf16[2 + 2 * i] = text.charCodeAt(i);
  const parser = parseBytes(utf16);
  assert.equal(parser.runs.size, 0);
  // The NUL byte after the last newline (the newline's second byte) could still become a line.
  assert.equal(parser.pendingLine, 3);
  assert.deepEqual(parser.skipped, {
    count: 2,
    first: [
      { line: 1, reason: NOT_TEXT },
      { line: 2, reason: NOT_TEXT },
    ],
  });
});

test('a binary file renamed .metrics.jsonl: every line is skipped as binary and counted, quickly, and nothing breaks', () => {
  const rand = prng(8);
  const size = 4 << 20;
  // Random bytes have a newline every 256 bytes on average; the second file has only a handful.
  const dense = new Uint8Array(size);
  for (let i = 0; i < size; i++) dense[i] = Math.floor(rand() * 256);
  const sparse = dense.map((b, i) => (b === 10 && i % 1000 !== 0 ? 0 : b));
  for (const bytes of [dense, sparse]) {
    const newlines = bytes.reduce((n, b) => n + (b === 10 ? 1 : 0), 0);
    const blank = new TextDecoder()
      .decode(bytes)
      .split('\n')
      .slice(0, newlines)
      .filter((line) => line.trim() === '').length;
    let parser = new MetricsLogParser('run');
    const ms = timed(() => (parser = parseBytes(bytes, 1 << 16)));
    assert.ok(ms < 30_000, `${ms} ms`);
    assert.equal(parser.runs.size, 0);
    assert.equal(parser.lines, newlines);
    assert.equal(parser.skipped.count, newlines - blank);
    assert.ok(parser.skipped.first.every((s) => s.reason === NOT_TEXT));
    // The bytes after the last newline could still become a line.
    assert.equal(parser.pendingLine, newlines + 1);
  }
});

test('objects nested more than 100 levels deep skip their line with that reason; up to 100 they are read', () => {
  const nested = (levels: number): string => '{"x": '.repeat(levels) + '1' + '}'.repeat(levels);
  const parser = parse(
    `{"step": 0, "deep": ${nested(99)}}\n{"step": 1, "deep": ${nested(100)}}\n{"step": 2, "deep": ${nested(10_000)}}\n{"step": 3, "a": 1}\n`,
  );
  const run = onlyRun(parser);
  // The line's own object is the first level: 1 + 99 levels.
  assert.deepEqual(points(run.metrics.get('deep' + '/x'.repeat(99))), [[0, 1]]);
  assert.deepEqual(points(run.metrics.get('a')), [[3, 1]]);
  assert.deepEqual(parser.skipped.first, [
    { line: 2, reason: 'objects nested more than 100 levels deep' },
    { line: 3, reason: 'objects nested more than 100 levels deep' },
  ]);
});

test('flatten stops at its nesting limit instead of overflowing the stack, and says so', () => {
  let deep: Record<string, unknown> = { leaf: 1 };
  for (let i = 0; i < 1_000_000; i++) deep = { x: deep };
  const names: string[] = [];
  assert.equal(
    flatten({ a: 1, deep, b: 2 }, (name) => names.push(name)),
    false,
  );
  assert.deepEqual(names, ['a', 'b']);
});

test('numbers beyond the double range read as JSON.parse reads them: ±Infinity or ±0, on both parse paths', () => {
  const texts = [
    '1e400',
    '-1e400',
    '1e-400',
    '-1e-400',
    '1.7976931348623157e308',
    '1.7976931348623159e308',
    '4.9e-324',
    '2e-324',
  ];
  const fields = texts.map((t, i) => `"n${i}": ${t}`).join(', ');
  // An array field sends the line to JSON.parse instead of the scanner.
  for (const line of [`{"step": 1, ${fields}}`, `{"step": 1, ${fields}, "forced": [1]}`]) {
    const run = onlyRun(parse(line + '\n'));
    texts.forEach((text, i) => {
      const [, value] = points(run.metrics.get(`n${i}`))[0]!;
      assert.ok(Object.is(value, JSON.parse(text)), `${text} read as ${value}`);
    });
  }
});

test('a line that is JSON but not an object (string, number, null, true, array, bare NaN) is skipped as such', () => {
  const values = ['"loss"', '3.5', 'null', 'true', '[{"step": 1, "a": 1}]', 'NaN', '-Infinity'];
  const parser = parse(values.join('\n') + '\n{"step": 1, "a": 2}\n');
  assert.deepEqual(
    parser.skipped.first,
    values.map((_, i) => ({ line: i + 1, reason: NOT_OBJECT })),
  );
  assert.deepEqual(points(onlyRun(parser).metrics.get('a')), [[1, 2]]);
});

test('keys such as __proto__, constructor and toString are plain metrics, metadata and run names; no prototype changes', () => {
  const text =
    '{"step": 1, "__proto__": 1, "constructor": 2, "toString": "label", "valueOf": {"__proto__": 3}, "run": "__proto__"}\n' +
    // The same keys on the JSON.parse path (an array field), where they become real object properties first.
    '{"step": 2, "__proto__": 4, "constructor": 5, "toString": "again", "valueOf": {"__proto__": 6}, "run": "__proto__", "x": [1]}\n';
  const before = Object.getOwnPropertyNames(Object.prototype);
  const parser = parse(text);
  assert.deepEqual(Object.getOwnPropertyNames(Object.prototype), before);
  assert.deepEqual([...parser.runs.keys()], ['__proto__']);
  const run = onlyRun(parser);
  assert.deepEqual([...run.metrics.keys()], ['__proto__', 'constructor', 'valueOf/__proto__']);
  assert.deepEqual(points(run.metrics.get('__proto__')), [
    [1, 1],
    [2, 4],
  ]);
  assert.deepEqual(points(run.metrics.get('valueOf/__proto__')), [
    [1, 3],
    [2, 6],
  ]);
  assert.equal(run.metadata.get('toString'), 'again');
});

test('steps: a number, negative or fractional, or a string of one is the step; anything else takes the previous + 1 with a notice', () => {
  for (const forced of ['', ', "x": [1]']) {
    const parser = parse(
      [
        '{"step": -1, "loss": 9}', // an evaluation before training
        '{"step": "0", "loss": 8}',
        '{"step": 0.5, "loss": 7}', // fractional epochs
        '{"step": "2.5e0", "loss": 6}',
        '{"step": "abc", "loss": 5}',
        '{"step": NaN, "loss": 4}',
        '{"step": Infinity, "loss": 3}',
        '{"step": 1e400, "loss": 2}',
        '{"step": " 10", "loss": 1}',
        '{"step": true, "loss": 0.5}',
        '{"step": {"n": 30}, "loss": 0.25}',
        '{"step": null, "loss": 0.125}', // null: not logged, as for any field
        '{"step": "x", "global_step": 40, "loss": 0.0625}', // another step field holds one
      ]
        .map((line) => line.replace(/}$/, forced + '}'))
        .join('\n') + '\n',
      'grpo',
    );
    assert.deepEqual(points(onlyRun(parser).metrics.get('loss')), [
      [-1, 9],
      [0, 8],
      [0.5, 7],
      [2.5, 6],
      [3.5, 5],
      [4.5, 4],
      [5.5, 3],
      [6.5, 2],
      [7.5, 1],
      [8.5, 0.5],
      [9.5, 0.25],
      [10.5, 0.125],
      [40, 0.0625],
    ]);
    assert.deepEqual(parser.notices, [
      'run grpo: 7 lines have steps that are not a number (first: line 5, "step": "abc"); such a line is placed at the previous step + 1',
    ]);
  }
  // Each kind of value is named in the notice as the log wrote it.
  const firstBad = (value: string): string => parse(`{"step": ${value}, "a": 1}\n`).notices[0]!;
  assert.match(firstBad('NaN'), /"step": NaN\)/);
  assert.match(firstBad('-Infinity'), /"step": -Infinity\)/);
  assert.match(firstBad('{"n": 1}'), /"step": \{…\}\)/);
  assert.match(firstBad('[1]'), /"step": \[…\]\)/);
  assert.match(firstBad(`"${'9'.repeat(30)}x${'9'.repeat(30)}"`), /"step": "9{30}x9{9}…"\)/);
});
