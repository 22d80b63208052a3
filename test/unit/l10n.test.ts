import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { scanHostFile, type Message, type Offender } from './l10nScan';

const ROOT = join(__dirname, '..', '..', '..');
const readJson = (path: string): unknown => JSON.parse(readFileSync(join(ROOT, path), 'utf8'));

/**
 * Untranslated strings in host files that someone else is changing now: they go through `vscode.l10n.t`
 * with that work. Each is a file and the start of its literal; the test fails when one is gone (then
 * take it off this list) as well as when a new one appears.
 */
const ALLOWED: readonly { file: string; text: string }[] = [
  // src/chartView.ts: the status bar after a copy, save errors, the reveal notice. (Its save dialogs'
  // filter names, 'PNG image' and 'CSV', reach `filters` through a parameter, which the scan does not follow.)
  { file: 'chartView.ts', text: '`Copied ${m.what}`' },
  { file: 'chartView.ts', text: '`Could not save ${' },
  { file: 'chartView.ts', text: '`Training Curves: no line of ${' },
];
const allowed = (o: Offender) => ALLOWED.some((a) => a.file === o.file && o.text.startsWith(a.text));

/** The extension host's sources: src/*.ts (src/core has no vscode and shows nothing itself). */
function scanHost(): { offenders: Offender[]; messages: Message[] } {
  const files = readdirSync(join(ROOT, 'src')).filter((f) => f.endsWith('.ts'));
  const scans = files.map((f) => scanHostFile(f, readFileSync(join(ROOT, 'src', f), 'utf8')));
  return { offenders: scans.flatMap((s) => s.offenders), messages: scans.flatMap((s) => s.messages) };
}
const describe = (o: Offender) => `src/${o.file}:${o.line} → ${o.sink}: ${o.text}`;

test('no string literal reaches a notification, quick pick, tree item, status bar or view without vscode.l10n.t', () => {
  const offenders = scanHost().offenders.filter((o) => !allowed(o));
  assert.deepEqual(offenders.map(describe), []);
});

test('every allow-listed string is still there (take fixed ones off ALLOWED)', () => {
  const offenders = scanHost().offenders;
  const gone = ALLOWED.filter((a) => !offenders.some((o) => o.file === a.file && o.text.startsWith(a.text)));
  assert.deepEqual(gone, []);
});

test('the scan finds what it looks for', () => {
  const found = (source: string) => scanHostFile('probe.ts', source).offenders.map((o) => o.sink);
  assert.deepEqual(found("vscode.window.showInformationMessage('Hello');"), ['showInformationMessage']);
  assert.deepEqual(found('const x = `Read ${n}`; vscode.window.showErrorMessage(x);'), ['showErrorMessage']);
  assert.deepEqual(found("function f() { return 'No runs'; } item.description = f();"), ['.description =']);
  assert.deepEqual(found("const item = { label: 'Benchmarks' };"), ['label:']);
  assert.deepEqual(found("vscode.window.createWebviewPanel('id', 'Compare', 1);"), ['createWebviewPanel']);
  assert.deepEqual(found("vscode.l10n.t('a') + vscode.l10n.t('b');"), [
    'a translation concatenated (use one message with {0} placeholders)',
  ]);
  assert.deepEqual(found("vscode.l10n.t('{0} of {1}', a);"), ['l10n.t with 1 values for 2 placeholders']);
  assert.deepEqual(found('vscode.l10n.t(`Read ${name}`);'), [
    'l10n.t without a literal message (it cannot be extracted to the bundle)',
  ]);
  // Translated, or not text at all: ids, codicons, punctuation, values from files.
  assert.deepEqual(
    found(
      [
        "vscode.window.showInformationMessage(vscode.l10n.t('Read {0}', plainText(name)));",
        "vscode.window.createWebviewPanel('trainingCurves.compare', title, 1);",
        "item.text = '$(pulse)'; item.description = `${a} · ${b}`;",
        "log.info('not shown');",
      ].join('\n'),
    ),
    [],
  );
});

test('every vscode.l10n.t message is in l10n/bundle.l10n.json, and the bundle holds nothing else', () => {
  const bundle = readJson('l10n/bundle.l10n.json') as Record<string, string>;
  const messages = new Set(scanHost().messages.map((m) => m.message));
  assert.deepEqual(Object.keys(bundle).sort(), [...messages].sort(), 'run `npm run l10n` to write the bundle again');
  for (const [key, value] of Object.entries(bundle))
    assert.equal(value, key, 'the English bundle maps each message to itself');
});

/** The manifest's fields that VS Code shows (paths into package.json; `*` is every key or element). */
const SHOWN_FIELDS = [
  'displayName',
  'description',
  'capabilities.untrustedWorkspaces.description',
  'contributes.customEditors.*.displayName',
  'contributes.commands.*.title',
  'contributes.commands.*.category',
  'contributes.configuration.title',
  'contributes.configuration.properties.*.markdownDescription',
  'contributes.configuration.properties.*.description',
  'contributes.viewsContainers.*.*.title',
  'contributes.views.*.*.name',
  'contributes.views.*.*.contextualTitle',
  'contributes.viewsWelcome.*.contents',
  'contributes.walkthroughs.*.title',
  'contributes.walkthroughs.*.description',
  'contributes.walkthroughs.*.steps.*.title',
  'contributes.walkthroughs.*.steps.*.description',
  'contributes.walkthroughs.*.steps.*.media.altText',
];

/** The values at `path` (with `*` wildcards) in `value`, with their concrete paths. */
function valuesAt(value: unknown, path: string[], at = ''): [string, unknown][] {
  if (path.length === 0) return value === undefined ? [] : [[at, value]];
  if (typeof value !== 'object' || value === null) return [];
  const [head, ...rest] = path;
  const keys = head === '*' ? Object.keys(value) : [head!];
  return keys.flatMap((k) => valuesAt((value as Record<string, unknown>)[k], rest, at ? `${at}.${k}` : k));
}

test("package.json's shown texts are %keys% of package.nls.json, and every key there is used", () => {
  const manifest = readJson('package.json');
  const nls = readJson('package.nls.json') as Record<string, unknown>;
  const used = new Set<string>();
  const problems: string[] = [];
  for (const field of SHOWN_FIELDS) {
    for (const [path, value] of valuesAt(manifest, field.split('.'))) {
      const key = typeof value === 'string' ? /^%([^%]+)%$/.exec(value)?.[1] : undefined;
      if (key === undefined) problems.push(`${path} is not a %key%: ${JSON.stringify(value)}`);
      else if (typeof nls[key] !== 'string') problems.push(`${path}: %${key}% is not in package.nls.json`);
      else used.add(key);
    }
  }
  // Every %key% anywhere in the manifest resolves (fields outside the list above too).
  for (const [, key] of JSON.stringify(manifest).matchAll(/"%([^%"]+)%"/g))
    if (typeof nls[key!] !== 'string') problems.push(`%${key}% is not in package.nls.json`);
  for (const key of Object.keys(nls)) if (!used.has(key)) problems.push(`package.nls.json: ${key} is not used`);
  assert.deepEqual(problems, []);
  assert.equal((manifest as { l10n?: unknown }).l10n, './l10n');
});
