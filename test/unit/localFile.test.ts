import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openLocalPath } from '../../src/localFile';

test('a local file is read by ranges, as it was when opened, fewer bytes once it has shrunk', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'tc-local-'));
  try {
    const path = join(dir, 'grpo.metrics.jsonl');
    writeFileSync(path, '{"step": 0, "loss": 1}\n{"step": 1, "loss": 0.5}\n');
    const file = await openLocalPath(path);
    assert.equal(file.size, 48);
    assert.equal(file.isDirectory, false);
    assert.equal(new TextDecoder().decode(await file.read(23, 48)), '{"step": 1, "loss": 0.5}\n');
    truncateSync(path, 30);
    assert.equal((await file.read(23, 48)).length, 7);
    await file.close();
    await assert.rejects(openLocalPath(join(dir, 'gone.jsonl')), { code: 'ENOENT' });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
