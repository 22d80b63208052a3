import { test } from 'node:test';
import assert from 'node:assert/strict';
import { decodeStored, encodeStored, indexJsonLines, type FileView, type IndexedLog } from '../../src/core/indexLog';
import { indexRuns, indexToJson } from '../../src/core/logIndex';
import { parse } from './helpers';

const encode = (text: string): Uint8Array => new TextEncoder().encode(text);
const host = { cancelled: () => false, pause: () => Promise.resolve() };

/** A file of `text`, counting the bytes read from it. */
function file(text: string, mtime: number): FileView & { bytesRead: number } {
  const bytes = encode(text);
  const view = {
    size: bytes.length,
    mtime,
    bytesRead: 0,
    read: (start: number, end: number) => {
      view.bytesRead += Math.max(0, Math.min(end, bytes.length) - start);
      return Promise.resolve(bytes.slice(start, end));
    },
  };
  return view;
}

const lines = (from: number, to: number): string =>
  Array.from(
    { length: to - from },
    (_, i) => `{"step": ${from + i}, "loss": ${1 / (from + i + 1)}, "pad": "${'x'.repeat(200)}"}\n`,
  ).join('');
const plain = (log: IndexedLog): unknown => indexToJson(log.runs);
const indexOf = (text: string): unknown => indexToJson(indexRuns(parse(text, 'grpo').runs.values()));

test('a log that only grew is indexed from where it was indexed to, reading about what was appended', async () => {
  const start = lines(0, 2000);
  const first = await indexJsonLines('/w/grpo.metrics.jsonl', file(start, 1), undefined, host);
  assert.equal(first.how, 'read');
  const appended = lines(2000, 2010);
  const grown = file(start + appended, 2);
  const next = await indexJsonLines('/w/grpo.metrics.jsonl', grown, first, host);
  assert.equal(next.how, 'appended');
  assert.deepEqual(plain(next), indexOf(start + appended));
  // The new bytes, the samples that tell an append from a rewrite, and the tail searched for the last newline.
  assert.ok(grown.bytesRead < appended.length + 3 * 4096 + 65536, `read ${grown.bytesRead} bytes of ${grown.size}`);
  assert.ok(grown.size > 10 * grown.bytesRead);
});

test('an unchanged log is not read; a rewritten one is read again whole', async () => {
  const text = lines(0, 100);
  const first = await indexJsonLines('/w/grpo.metrics.jsonl', file(text, 1), undefined, host);
  const same = file(text, 1);
  const again = await indexJsonLines('/w/grpo.metrics.jsonl', same, first, host);
  assert.equal(again.how, 'unchanged');
  assert.ok(same.bytesRead <= 4096);
  // Same size and first bytes, later mtime: rewritten in place.
  const rewritten = text.replace('"step": 99,', '"step": 98,');
  const read = await indexJsonLines('/w/grpo.metrics.jsonl', file(rewritten, 2), first, host);
  assert.equal(read.how, 'read');
  assert.deepEqual(plain(read), indexOf(rewritten));
  // Grown, but a step already indexed comes again (a restart): the index is built again from the whole log.
  const restarted = text + lines(50, 60);
  const again2 = await indexJsonLines('/w/grpo.metrics.jsonl', file(restarted, 3), first, host);
  assert.equal(again2.how, 'read');
  assert.deepEqual(plain(again2), indexOf(restarted));
});

test('a line still being written is indexed once it is complete, not before', async () => {
  const text = lines(0, 10);
  const torn = text + '{"step": 10, "loss": 0.0';
  const first = await indexJsonLines('/w/grpo.metrics.jsonl', file(torn, 1), undefined, host);
  assert.deepEqual(plain(first), indexOf(text));
  const whole = torn + '9}\n';
  const next = await indexJsonLines('/w/grpo.metrics.jsonl', file(whole, 2), first, host);
  assert.equal(next.how, 'appended');
  assert.deepEqual(plain(next), indexOf(whole));
});

test('a stored index comes back only for its own log', async () => {
  const log = await indexJsonLines('/w/grpo.metrics.jsonl', file(lines(0, 20), 1), undefined, host);
  const text = encodeStored('file:///w/grpo.metrics.jsonl', log);
  const back = decodeStored('file:///w/grpo.metrics.jsonl', text);
  assert.equal(back?.how, 'stored');
  assert.deepEqual(back?.stamp, log.stamp);
  assert.deepEqual(plain(back), plain(log));
  assert.equal(decodeStored('file:///w/other.metrics.jsonl', text), undefined);
  assert.equal(decodeStored('file:///w/grpo.metrics.jsonl', text.slice(0, -5)), undefined);
});
