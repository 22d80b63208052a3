import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { cspHash } from '../../src/core/export/sha256';
import { prng } from './helpers';

test('the CSP hash of a text is the SHA-256 of its UTF-8 bytes, in base64', () => {
  // FIPS 180-2's example, and every padding case around a 64-byte block.
  assert.equal(cspHash('abc'), "'sha256-ungWv48Bz+pBQUDeXa4iI7ADYaOWF3qctBD/YfIAFa0='");
  const random = prng(5);
  const texts = ['', 'é→🙂', ...[55, 56, 63, 64, 65, 119, 120, 1000].map((n) => 'x'.repeat(n))];
  texts.push(Array.from({ length: 3000 }, () => String.fromCharCode(32 + Math.floor(random() * 2000))).join(''));
  for (const text of texts)
    assert.equal(
      cspHash(text),
      `'sha256-${createHash('sha256').update(text).digest('base64')}'`,
      `${text.length} chars`,
    );
});
