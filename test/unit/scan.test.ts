import { test } from 'node:test';
import assert from 'node:assert/strict';
import { LineFields, LineScanner } from '../../src/core/scan';
import { exact, onlyRun, parse, parseBytes, points, prng, snapshot } from './helpers';

/** Numbers in many spellings, weighted towards what trainers write (Python's repr of float32/float64 values). */
function numberText(rand: () => number): string {
  const digits = (n: number): string => {
    let text = String(1 + Math.floor(rand() * 9));
    for (let i = 1; i < n; i++) text += Math.floor(rand() * 10);
    return text;
  };
  const sign = rand() < 0.2 ? '-' : '';
  switch (Math.floor(rand() * 8)) {
    case 0:
      return String(Math.fround(rand() * 10 ** Math.floor(rand() * 8 - 4)) * (sign ? -1 : 1));
    case 1:
      return String(rand() * 10 ** Math.floor(rand() * 30 - 15) * (sign ? -1 : 1));
    case 2: {
      // A plain decimal of 1 to 25 digits with the point anywhere.
      const n = 1 + Math.floor(rand() * 25);
      const d = digits(n);
      const point = Math.floor(rand() * (n + 3));
      return (
        sign +
        (point >= n
          ? `0.${'0'.repeat(point - n)}${d}`
          : d.slice(0, n - point) + (point ? `.${d.slice(n - point)}` : ''))
      );
    }
    case 3:
      return `${sign}${digits(1)}.${digits(1 + Math.floor(rand() * 20))}${rand() < 0.5 ? 'e' : 'E'}${rand() < 0.5 ? '-' : '+'}${Math.floor(rand() * 330)}`;
    case 4: {
      // Halfway between two neighbouring doubles, written with 17 to 19 significant digits.
      const x = rand() * 1000;
      return sign + (x + (Number.EPSILON * x) / 2).toPrecision(17 + Math.floor(rand() * 3));
    }
    case 5:
      return String(Math.floor(rand() * 2 ** (10 + rand() * 60)));
    case 6:
      return (
        sign +
        ['0', '0.0', '0e0', '0.000', '1e22', '1e23', '9007199254740993', '5e-324', '1.7976931348623157e308', '1e999'][
          Math.floor(rand() * 10)
        ]
      );
    default:
      return sign + (rand() * 100).toFixed(Math.floor(rand() * 8));
  }
}

test('numbers are read exactly as JSON.parse reads them: exponents, negative zero, long mantissas, near-ties', () => {
  const rand = prng(1);
  const texts = [
    '0',
    '-0',
    '-0.0',
    '-0e5',
    '0.1',
    '0.30000000000000004',
    '1e22',
    '1e23',
    '1E-22',
    '9007199254740993',
    '123456789012345678901234567890',
    '0.6931471824645996',
    '3.1415927410125732',
    '1712345678.2534561',
    '2.2250738585072014e-308',
    '5e-324',
    '1e-400',
    '1.7976931348623157e308',
    '1.8e308',
    '4503599627370497.5',
    '1.00000000000000011102230246251565404236316680908203125',
    '0.500000000000000055511151231257827',
  ];
  for (let i = 0; i < 20000; i++) texts.push(numberText(rand));
  const parser = parse(texts.map((t, step) => `{"step": ${step}, "x": ${t}}\n`).join(''));
  assert.equal(parser.skipped.count, 0);
  const got = points(onlyRun(parser).metrics.get('x')).map(([, v]) => exact(v));
  assert.deepEqual(
    got,
    texts.map((t) => exact(JSON.parse(t) as number)),
  );
});

test('a number JSON does not allow makes the line invalid, as JSON.parse would', () => {
  const bad = ['01', '-01', '1.', '.5', '-', '+1', '1e', '1e+', '0x10', '1.5.5', '--1', '1_000', '-NaN', '+Infinity'];
  const parser = parse(bad.map((t) => `{"step": 1, "x": ${t}}\n`).join('') + '{"step": 2, "x": 2}\n');
  assert.equal(parser.skipped.count, bad.length);
  assert.ok(parser.skipped.first.every((s) => s.reason === 'not valid JSON'));
  assert.deepEqual(points(onlyRun(parser).metrics.get('x')), [[2, 2]]);
});

test('keys follow JSON.parse: integer-like keys come first, a repeated key keeps its last value at its first place', () => {
  const run = onlyRun(parse('{"step": 1, "b": 1, "10": 2, "2": 3, "b": 4}\n'));
  assert.deepEqual([...run.metrics.keys()], ['2', '10', 'b']);
  assert.deepEqual(points(run.metrics.get('b')), [[1, 4]]);
});

test('spacing may change from line to line', () => {
  const run = onlyRun(
    parse('{"step": 0, "a": 1}\n{"step":1,"a":2}\n{ "step" :2 ,\t"a"  :  3 }\n{"step": 3, "a": 4}\n'),
  );
  assert.deepEqual(points(run.metrics.get('a')), [
    [0, 1],
    [1, 2],
    [2, 3],
    [3, 4],
  ]);
});

test('an object under a step, time or run key is not read, and does not place the line', () => {
  const run = onlyRun(parse('{"step": {"x": 5}, "run": {"y": "z"}, "a": 1}\n'));
  assert.deepEqual([...run.metrics.keys()], ['a']);
  assert.deepEqual(points(run.metrics.get('a')), [[0, 1]]);
  assert.deepEqual([...run.metadata.keys()], []);
});

/** A random log line: mostly what trainers write, with the odd escape, array, repeated key, break or bad token. */
function randomLine(rand: () => number, step: number): string {
  const pick = <T>(items: readonly T[]): T => items[Math.floor(rand() * items.length)]!;
  const space = (): string => pick(['', '', ' ', ' ', '\t', '  ']);
  const keys = [
    'loss',
    'acc',
    'actor/kl_loss',
    'val-core/math/acc/mean@4',
    'lr',
    'note',
    'λ/entropy',
    'data',
    'step',
    'global_step',
    'iteration',
    'time',
    'timestamp',
    'run',
    'method',
    'seed',
    '7',
    'a"b',
    'tab\\tkey',
  ];
  const value = (depth: number): string => {
    const r = rand();
    if (r < 0.5) return numberText(rand);
    if (r < 0.55) return pick(['NaN', 'Infinity', '-Infinity', 'null', 'true', 'false']);
    if (r < 0.65) return JSON.stringify(pick(['GRPO', 'seed 1', 'λ→∞ 🚀', 'NaN', 'has "quotes"', 'line\nbreak', '']));
    if (r < 0.68) return `[${numberText(rand)}, ${numberText(rand)}]`;
    if (r < 0.8 && depth < 3) return object(depth + 1);
    return numberText(rand);
  };
  const object = (depth: number): string => {
    const n = Math.floor(rand() * (depth === 0 ? 8 : 4));
    const fields: string[] = [];
    if (depth === 0 && rand() < 0.8) fields.push(`"step"${space()}:${space()}${step}`);
    for (let i = 0; i < n; i++) {
      // Keys as JSON writes them: escapes where needed.
      const key = JSON.stringify(pick(keys)).replace('\\\\t', '\\t');
      fields.push(`${key}${space()}:${space()}${value(depth)}`);
    }
    return `{${space()}${fields.join(`${space()},${space()}`)}${space()}}`;
  };
  let line = object(0);
  if (rand() < 0.03) line = line.slice(0, Math.floor(rand() * line.length));
  return line;
}

test('the fast scanner and JSON.parse give the same result on every kind of line', () => {
  const rand = prng(2);
  const lines: string[] = [];
  for (let step = 0; step < 4000; step++) lines.push(randomLine(rand, step));
  const text = lines.map((l) => l + (rand() < 0.1 ? '\r\n' : '\n')).join('');
  // An array field makes the scanner pass the line to JSON.parse, and arrays are ignored: same meaning.
  const viaJsonParse = text.replace(/^\{(?=\s*")/gm, '{"forced": [1], ');
  assert.deepEqual(snapshot(parse(text, 'log')), snapshot(parse(viaJsonParse, 'log')));
});

test('the scanner takes the lines trainers write and leaves unusual ones to JSON.parse', () => {
  const fields = new LineFields();
  const scanner = new LineScanner(fields);
  const scans = (line: string): boolean => {
    const bytes = new TextEncoder().encode(line + '\n');
    return scanner.scan(bytes, 0, bytes.length - 1);
  };
  assert.ok(
    scans('{"step": 3, "timestamp": 1712345678.25, "actor/kl_loss": 0.0031415927410125732, "critic/score/mean": NaN}'),
  );
  assert.ok(scans('{"step": 3, "data": {"actor/entropy": 1.5, "val-core/math500/acc/mean@1": 0.77}}'));
  assert.ok(scans('{"run": "grpo", "seed": 1, "loss": -Infinity, "note": "λ", "resumed": false, "acc": null}'));
  assert.deepEqual([fields.count, fields.metaCount], [1, 2]);
  assert.ok(!scans('{"step": 3, "lengths": [1, 2]}'));
  assert.ok(!scans('{"step": 3, "a\\u0062": 1}'));
  assert.ok(!scans('{"step": 3, "a": 1, "a": 2}'));
  assert.ok(!scans('{"step": 3, "10": 1}'));
});

test('numbers of every length around the fast paths (9 and 15 significant digits, four read at once) are exact', () => {
  const digits = '73205080756887729352744634150587236694';
  const texts: string[] = [];
  for (let whole = 0; whole <= 20; whole++) {
    for (let fraction = 0; fraction <= 22; fraction++) {
      for (const zeros of whole === 0 ? ['', '000', '0000000'] : ['']) {
        if (whole + fraction === 0) continue;
        const intPart = whole === 0 ? '0' : digits.slice(0, whole);
        const text = intPart + (fraction ? `.${zeros}${digits.slice(whole, whole + fraction)}` : '');
        texts.push(text, `-${text}`, `${text}e-5`, `${text}E+3`);
      }
    }
  }
  // Digits that are not: a 4-byte group that ends in a non-digit, and bytes just above '9'.
  texts.push('0.123:', '0.1234', '0.12345', '1.999', '1.9999', '0.5e1');
  const valid = texts.filter((t) => !t.endsWith(':'));
  const text = valid.map((t, step) => `{"step": ${step}, "x": ${t}}\n`).join('');
  for (const [label, parser] of [
    ['one push', parse(text)],
    // Pushed byte by byte, every number is read from the copy of its line, whose end is the buffer's end.
    ['byte by byte', parseBytes(new TextEncoder().encode(text), 1)],
  ] as const) {
    assert.equal(parser.skipped.count, 0, label);
    const got = points(onlyRun(parser).metrics.get('x')).map(([, v]) => exact(v));
    assert.deepEqual(
      got,
      valid.map((t) => exact(JSON.parse(t) as number)),
      label,
    );
  }
  assert.equal(parse('{"step": 1, "x": 0.123:}\n').skipped.count, 1);
});

test('a remembered key is only taken where JSON allows it: after a comma, or first in its object', () => {
  // Each bad line follows lines that taught the scanner its keys with the spacing and comma it lacks.
  const good = '{"a": 1, "b": 2}\n{"a": 1, "a": 2}\n';
  const bad = [
    '{, "a": 5}',
    '{"a": 1 "b": 2}',
    '{"a": 1,, "b": 2}',
    '{"a": 1, "b": 2,}',
    '{"a": 1, "b": 2 "c": 3}',
    '{"b": 2, "a": 1',
  ];
  const parser = parse(good + bad.map((line) => `${line}\n${good}`).join(''));
  assert.equal(parser.skipped.count, bad.length);
  assert.ok(parser.skipped.first.every((s) => s.reason === 'not valid JSON'));
  assert.deepEqual(
    points(onlyRun(parser).metrics.get('a')).map(([, v]) => v),
    Array.from({ length: 2 * (bad.length + 1) }, (_, i) => (i % 2 ? 2 : 1)),
  );
});

test('keys that change order mid-file, or are on some lines only, land in their own columns', () => {
  const run = onlyRun(
    parse(
      '{"step": 0, "a": 0, "b": 10, "c": 20}\n' +
        '{"step": 1, "a": 1, "b": 11, "c": 21}\n' +
        '{"step": 2, "c": 22, "a": 2, "b": 12}\n' +
        '{"step": 3, "a": 3, "c": 23}\n' +
        '{"b": 14, "step": 4}\n' +
        '{"step":5,"a":5,"b":15,"c":25,"d":35}\n' +
        '{"step": 6, "a": 6, "b": 16, "c": 26}\n' +
        // Back to step 5: the columns that shared the lines' steps and those that did not both restart.
        '{"step": 5, "a": 50, "b": 150, "c": 250}\n' +
        '{"step": 6, "a": 60, "b": 160, "c": 260, "d": 360}\n',
    ),
  );
  assert.deepEqual(points(run.metrics.get('a')), [
    [0, 0],
    [1, 1],
    [2, 2],
    [3, 3],
    [5, 50],
    [6, 60],
  ]);
  assert.deepEqual(points(run.metrics.get('b')), [
    [0, 10],
    [1, 11],
    [2, 12],
    [4, 14],
    [5, 150],
    [6, 160],
  ]);
  assert.deepEqual(points(run.metrics.get('c')), [
    [0, 20],
    [1, 21],
    [2, 22],
    [3, 23],
    [5, 250],
    [6, 260],
  ]);
  assert.deepEqual(points(run.metrics.get('d')), [[6, 360]]);
});
