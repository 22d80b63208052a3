import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { COMMANDS } from '../../src/commands';

/** package.json's contributions, from the compiled test in out/test/unit. */
const contributes = (
  JSON.parse(readFileSync(join(__dirname, '..', '..', '..', 'package.json'), 'utf8')) as { contributes: unknown }
).contributes as {
  commands: { command: string }[];
  menus: Record<string, { command: string }[]>;
};

test('the commands package.json contributes are the ones in COMMANDS, each once', () => {
  const contributed = contributes.commands.map((c) => c.command);
  assert.equal(new Set(contributed).size, contributed.length);
  assert.deepEqual([...contributed].sort(), Object.values(COMMANDS).sort());
});

test('every menu item names a contributed command', () => {
  const ids = new Set<string>(Object.values(COMMANDS));
  for (const [menu, items] of Object.entries(contributes.menus)) {
    for (const { command } of items) assert.ok(ids.has(command), `${menu}: ${command}`);
  }
});
