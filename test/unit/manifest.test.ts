import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { COMMANDS } from '../../src/commands';

const ROOT = join(__dirname, '..', '..', '..');

interface Step {
  id: string;
  description: string;
  media: { markdown?: string; image?: string; altText?: string };
  completionEvents: string[];
}
interface Manifest {
  icon: string;
  repository: { url: string };
  bugs: { url: string };
  homepage: string;
  contributes: { walkthroughs: { steps: Step[] }[] };
}
const manifest = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as Manifest;
const nls = JSON.parse(readFileSync(join(ROOT, 'package.nls.json'), 'utf8')) as Record<string, string>;
const text = (value: string) => nls[/^%(.+)%$/.exec(value)?.[1] ?? ''] ?? value;
const ids = new Set<string>(Object.values(COMMANDS));

/** Whether .vscodeignore (everything out, then `!` patterns back in) packages `path`. */
function packaged(path: string): boolean {
  const patterns = readFileSync(join(ROOT, '.vscodeignore'), 'utf8')
    .split('\n')
    .filter((l) => l.startsWith('!'))
    .map((l) => l.slice(1));
  return patterns.some((p) => p === path || (p.endsWith('/**') && path.startsWith(p.slice(0, -2))));
}

test('the walkthrough has its three steps, each a button for a contributed command that also completes it', () => {
  const [walkthrough] = manifest.contributes.walkthroughs;
  assert.ok(walkthrough);
  assert.deepEqual(
    walkthrough.steps.map((s) => s.id),
    ['openSample', 'compareRuns', 'openFolderOfRuns'],
  );
  for (const step of walkthrough.steps) {
    // A line that is only a link renders as the step's button (its arguments, if any, as a URL-encoded JSON array).
    const button = /^\[[^\]]+\]\(command:([\w.]+)(?:\?[^)\s]*)?\)$/m.exec(text(step.description))?.[1];
    assert.ok(button && ids.has(button), `${step.id}: its button runs a contributed command (${button})`);
    assert.ok(step.completionEvents.includes(`onCommand:${button}`), `${step.id}: running it completes the step`);
    for (const event of step.completionEvents) assert.ok(ids.has(event.replace(/^onCommand:/, '')), event);
  }
});

test("the walkthrough's media are local files that are packaged, with no remote images", () => {
  for (const step of manifest.contributes.walkthroughs.flatMap((w) => w.steps)) {
    const file = step.media.markdown ?? step.media.image;
    assert.ok(file && existsSync(join(ROOT, file)), `${step.id}: ${file}`);
    assert.ok(packaged(file), `${file} is packaged (.vscodeignore)`);
    if (!step.media.markdown) continue;
    const markdown = readFileSync(join(ROOT, file), 'utf8');
    for (const [, target] of markdown.matchAll(/!\[[^\]]*\]\(([^)\s]+)/g)) {
      assert.doesNotMatch(target!, /^[a-z]+:/i, `${file}: ${target} is not a local file`);
      const image = join(file, '..', target!);
      assert.ok(existsSync(join(ROOT, image)) && packaged(image), `${file}: ${image} exists and is packaged`);
    }
  }
});

test('the gallery icon is a packaged 128×128 PNG', () => {
  assert.equal(manifest.icon, 'media/icon.png');
  assert.ok(packaged(manifest.icon));
  const png = readFileSync(join(ROOT, manifest.icon));
  assert.deepEqual([...png.subarray(0, 8)], [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  // IHDR, the first chunk: width and height, big-endian.
  assert.equal(png.toString('latin1', 12, 16), 'IHDR');
  assert.deepEqual([png.readUInt32BE(16), png.readUInt32BE(20)], [128, 128]);
});

test('the manifest names the repository, where to report bugs, and a home page', () => {
  const repo = manifest.repository.url.replace(/\.git$/, '');
  assert.match(repo, /^https:\/\//);
  assert.equal(manifest.bugs.url, `${repo}/issues`);
  assert.ok(manifest.homepage.startsWith(repo));
});
