import { test } from 'node:test';
import assert from 'node:assert/strict';
import { plainText } from '../../src/core/display';

/** VS Code's notification link syntax and its icon syntax, as its renderers look for them. */
const LINK = /\[[^\]]+\]\((?:https?:\/\/|command:|file:)[^)\s]+\)/;
const ICON = /\$\([a-z0-9-]+(?:~[a-z0-9-]*)?\)/i;

test('a command link or an icon in a run name stays text: nothing a notification or status bar would render', () => {
  const hostile =
    '[open the log as text](command:workbench.action.terminal.sendSequence?%7B%22text%22%3A%22echo%20pwned%5Cn%22%7D)';
  assert.ok(LINK.test(hostile));
  const shown = plainText(hostile);
  assert.ok(!LINK.test(shown), shown);
  // What a reader sees is the same characters (the zero-width space is invisible).
  assert.equal(shown.replace(/\u200b/g, ''), hostile);
  assert.ok(!ICON.test(plainText('grpo $(zap) $(sync~spin)')));
  assert.equal(plainText('grpo $(zap)').replace(/\u200b/g, ''), 'grpo $(zap)');
});

test('line breaks and control characters become spaces, and long text is cut with an ellipsis', () => {
  assert.equal(plainText('a\nb\r\n\tc\u0007'), 'a b c ');
  const long = plainText('x'.repeat(1000));
  assert.equal(long.length, 200);
  assert.ok(long.endsWith('…'));
  // Cutting cannot leave a link behind: the cut text is neutralised after.
  assert.ok(!LINK.test(plainText(`${'y'.repeat(150)}[a](command:x)`, 170)));
});
