// Parsing a log in parts (issue #7: worker threads): parts of complete lines parsed apart, then merged in
// order into the parser of the lines before them, must read exactly like the whole log parsed in one go.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { CHUNK_BYTES, MetricsLogParser } from '../../src/core/jsonl';
import type { ParsedPart, PartParser } from '../../src/core/parts';
import { parse, points, prng, readInParts, snapshot } from './helpers';

const encode = (text: string): Uint8Array => new TextEncoder().encode(text);

/** What a worker sends: the part, through the structured clone postMessage uses, its buffers transferred. */
function partOf(bytes: Uint8Array, defaultRun = 'run'): ParsedPart {
  const parser = new MetricsLogParser(defaultRun, true);
  parser.push(bytes);
  const { part, transfer } = parser.part();
  return structuredClone(part, { transfer });
}

/**
 * Parses `bytes` the way the host does with workers: bytes[0, cuts[0]) here, each next range between
 * cuts apart and merged (pushed here when merge refuses), the rest here. Returns the parser and how
 * many parts were merged.
 */
function mergeAtCuts(
  bytes: Uint8Array,
  cuts: readonly number[],
  defaultRun = 'run',
): { parser: MetricsLogParser; merged: number } {
  const parser = new MetricsLogParser(defaultRun);
  let merged = 0;
  parser.push(bytes.subarray(0, cuts[0]));
  for (let i = 0; i + 1 < cuts.length; i++) {
    const range = bytes.subarray(cuts[i], cuts[i + 1]);
    if (parser.merge(partOf(range, defaultRun), bytes.length)) merged++;
    else parser.push(range);
  }
  parser.push(bytes.subarray(cuts[cuts.length - 1]));
  parser.finish();
  return { parser, merged };
}

/** Cuts just after the newlines that end the given (0-based) lines. */
function cutsAfterLines(bytes: Uint8Array, lines: readonly number[]): number[] {
  const ends: number[] = [];
  bytes.forEach((b, i) => b === 10 && ends.push(i + 1));
  return [...new Set(lines.map((l) => ends[l % ends.length]!))].sort((a, b) => a - b);
}

const sequentially = (bytes: Uint8Array, defaultRun = 'run'): unknown => {
  const parser = new MetricsLogParser(defaultRun);
  parser.push(bytes);
  parser.finish();
  return snapshot(parser);
};

// ---------------------------------------------------------------------------------------------------
// Generated logs with what makes a part depend on the lines before it: several runs (run, method, seed),
// steps that go on, repeat, go back, are missing or are not numbers, metadata, and lines that are skipped.

const stepField = fc.oneof(
  { weight: 8, arbitrary: fc.constant('next') },
  { weight: 3, arbitrary: fc.constant('same') },
  fc.constantFrom('back', 'missing', 'bad', 'jump'),
);
const logLine = fc.record({
  who: fc.constantFrom('', '', '', '"run": "a", ', '"run": "b", ', '"method": "grpo", "seed": 1, ', '"seed": "2", '),
  step: stepField,
  metrics: fc.uniqueArray(fc.constantFrom('loss', 'acc', 'eval/acc', 'lr', 'len'), { maxLength: 3 }),
  values: fc.array(
    fc.oneof(fc.double({ noDefaultInfinity: true, noNaN: true, min: -1e3, max: 1e3 }), fc.constant(NaN)),
    { minLength: 3, maxLength: 3 },
  ),
  meta: fc.option(fc.constantFrom('"note": "x"', '"stage": "warmup"', '"stage": "main"', '"done": true'), {
    nil: undefined,
  }),
  time: fc.boolean(),
  kind: fc.constantFrom('line', 'line', 'line', 'line', 'line', 'line', 'line', 'line', 'blank', 'torn'),
});

type LogLine = typeof logLine extends fc.Arbitrary<infer T> ? T : never;

function writeLog(lines: LogLine[], bom: boolean): Uint8Array {
  let step = 0;
  const text = lines.map((l) => {
    if (l.kind === 'blank') return '';
    step += { next: 1, same: 0, back: -3, jump: 7, missing: 0, bad: 0 }[l.step];
    const fields = [l.who.replace(/, $/, '')];
    if (l.step === 'bad') fields.push('"step": "soon"');
    else if (l.step !== 'missing') fields.push(`"step": ${step}`);
    l.metrics.forEach((m, i) => fields.push(`"${m}": ${Number.isNaN(l.values[i]) ? 'NaN' : l.values[i]}`));
    if (l.meta) fields.push(l.meta);
    if (l.time) fields.push(`"timestamp": ${1.7e9 + step}`);
    const line = `{${fields.filter((f) => f).join(', ')}}`;
    return l.kind === 'torn' ? line.slice(0, Math.max(1, line.length >> 1)) : line;
  });
  return encode((bom ? '\uFEFF' : '') + text.join('\n') + '\n');
}

test('a log parsed in parts and merged reads exactly like the log parsed whole', () => {
  let merged = 0;
  let parts = 0;
  fc.assert(
    fc.property(
      fc.array(logLine, { minLength: 1, maxLength: 40 }),
      fc.boolean(),
      fc.uniqueArray(fc.nat(60), { minLength: 1, maxLength: 6 }),
      (lines, bom, cutLines) => {
        const bytes = writeLog(lines, bom);
        const cuts = cutsAfterLines(bytes, cutLines);
        const result = mergeAtCuts(bytes, cuts);
        merged += result.merged;
        parts += cuts.length - 1;
        assert.deepEqual(snapshot(result.parser), sequentially(bytes));
      },
    ),
    { seed: 20261123, numRuns: 400 },
  );
  // Refusing every part would pass the comparison too: most parts must be merged.
  assert.ok(merged > parts / 2, `${merged} of ${parts} parts merged`);
});

test('parts that go on from the lines before them are merged, with line numbers counted from the file start', () => {
  const bytes = encode(
    [
      '{"step": 1, "loss": 1.0}',
      '{"step": 2, "loss": 0.9}',
      // part 1
      '{"step": 2, "eval/acc": 0.5}',
      'not json',
      '{"step": 3, "loss": 0.8, "note": "resumed"}',
      '{"step": 4, "loss": 0.7}',
      '{"step": 3, "loss": 0.75}',
      '{"step": "soon", "loss": 0.6}',
    ].join('\n') + '\n',
  );
  const { parser, merged } = mergeAtCuts(bytes, cutsAfterLines(bytes, [1, 7]));
  assert.equal(merged, 1);
  assert.deepEqual(snapshot(parser), sequentially(bytes));
  assert.deepEqual(parser.skipped.first, [{ line: 4, reason: 'not valid JSON' }]);
  assert.match(parser.notices[0]!, /step went back from 4 to 3 at line 7/);
  assert.match(parser.notices[1]!, /first: line 8, "step": "soon"/);
  // The eval line logged step 2 again: it is the line of step 2 now.
  assert.deepEqual(points(parser.runs.get('run')?.lines), [
    [1, 1],
    [2, 3],
    [3, 7],
    [4, 8],
  ]);
});

test('a part whose lines mean something else after the lines before it is refused, and pushing its bytes reads it right', () => {
  const head = '{"step": 5, "loss": 1.0, "acc": 0.1}\n';
  for (const [why, tail] of [
    ['step goes back below the last step read', '{"step": 3, "loss": 0.5}\n'],
    ['step goes back to the last step read, later in the part', '{"step": 6, "loss": 0.5}\n{"step": 5, "loss": 0.4}\n'],
    ['a metric logged again at the last step read', '{"step": 5, "acc": 0.2}\n'],
    ['no step: the line takes the step after the last one read', '{"loss": 0.5}\n'],
    ['a step that is not a number: the same', '{"step": "soon", "loss": 0.5}\n'],
  ] as const) {
    const parser = new MetricsLogParser('run');
    parser.push(encode(head));
    assert.equal(parser.merge(partOf(encode(tail))), false, why);
    parser.push(encode(tail));
    parser.finish();
    assert.deepEqual(snapshot(parser), snapshot(parse(head + tail)), why);
  }
});

test("a byte order mark is only the file start's: in a part, a line starting with one is skipped as in the whole file", () => {
  const bytes = encode('{"step": 1, "loss": 1}\n\uFEFF{"step": 2, "loss": 2}\n{"step": 3, "loss": 3}\n');
  const { parser, merged } = mergeAtCuts(bytes, cutsAfterLines(bytes, [0, 2]));
  assert.equal(merged, 1);
  assert.deepEqual(snapshot(parser), sequentially(bytes));
  assert.equal(parser.skipped.count, 1);
});

test('parseInParts reads a part at a time and gives what one parser gives, whatever the lines and part size', async () => {
  const random = prng(7);
  const lines = Array.from({ length: 150_000 }, (_, i) => {
    // Now and then a line longer than a part, and some that do not parse.
    const pad = random() < 0.001 ? ', "note": "' + 'x'.repeat(9000) + '"' : '';
    return random() < 0.01 ? `{"step": ${i}, "loss` : `{"step": ${i}, "loss": ${random()}${pad}}`;
  });
  const bytes = encode(lines.join('\n') + '\n{"step": 150000, "lo');
  const parts: PartParser = { parse: (part, defaultRun) => Promise.resolve(partOf(part, defaultRun)) };
  for (const partBytes of [4096, 50_000]) {
    const { parser, merged, largestRead } = await readInParts(bytes, parts, partBytes);
    assert.deepEqual(snapshot(parser), sequentially(bytes), `parts of ${partBytes} bytes`);
    assert.ok(merged > 10, `${merged} parts merged`);
    assert.ok(largestRead <= Math.max(partBytes, CHUNK_BYTES), `read ${largestRead} bytes at once`);
  }
});

test('parseInParts pushes here the parts that failed or were refused, and stops when the read is cancelled', async () => {
  // Longer than the first chunk, which is always parsed here.
  const lines = Array.from(
    { length: 150_000 },
    (_, i) => `{"step": ${i < 140_000 ? i : i - 500}, "loss": ${1 / (i + 1)}}`,
  );
  assert.ok(lines.join('\n').length > CHUNK_BYTES + 100 * 4096);
  const bytes = encode(lines.join('\n') + '\n{"step": 9999, "loss"');
  const restartAt = lines.slice(0, 140_000).join('\n').length;
  let calls = 0;
  const failed = new Set<number>();
  const asked = new Set<number>();
  const parts: PartParser = {
    parse(part, defaultRun) {
      asked.add(part.byteOffset);
      // Every third part fails, as a thread that crashed; not the one where the log restarts.
      const hasRestart = part.byteOffset <= restartAt && restartAt < part.byteOffset + part.length;
      if (++calls % 3 === 0 && !hasRestart) {
        failed.add(part.byteOffset);
        return Promise.reject(new Error('thread stopped'));
      }
      return Promise.resolve(partOf(part, defaultRun));
    },
  };
  const { parser, pushed } = await readInParts(bytes, parts, 4096);
  assert.deepEqual(snapshot(parser), sequentially(bytes));
  assert.equal(parser.pendingLine, 150_001);
  // The failed parts, and the one whose lines restart the log at a step read before it; the rest pushed
  // here are the end of the line the first chunk cut, and the last line, which has no newline.
  const refused = pushed.filter(([from]) => asked.has(from) && !failed.has(from));
  assert.equal(pushed.filter(([from]) => !asked.has(from)).length, 2);
  assert.equal(pushed.filter(([from]) => failed.has(from)).length, failed.size);
  assert.equal(refused.length, 1);
  assert.ok(refused[0]![0] <= restartAt && restartAt < refused[0]![1]);

  calls = 0;
  const stopped = await readInParts(bytes, parts, 4096, 3);
  assert.ok(stopped.parser.lines < 150_000 - 10_000, `${stopped.parser.lines} lines read after the read was cancelled`);
});
