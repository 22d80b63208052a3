import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  decimalsFor,
  latexEscape,
  markdownEscape,
  methodSummaryLatex,
  methodSummaryMarkdown,
  pairSentence,
  pairSentences,
  pairsLatex,
  pairsMarkdown,
  signed,
} from '../../src/core/exportTables';
import { compareMethods, type CompareOptions, type MethodRuns } from '../../src/core/methodStats';
import { series } from './helpers';

/** A method whose seeds end at the given values (steps 0, 10, 20; the first two shared). */
function method(name: string, finals: readonly number[], early = [0.1, 0.2]): MethodRuns {
  return {
    name,
    runs: finals.map((v, i) => ({ label: `${name}-seed${i + 1}`, column: series([0, 10, 20], [...early, v]) })),
  };
}

const ONE: CompareOptions = { goal: 'max', k: 1 };

/** The lines between \midrule and \bottomrule. */
function bodyRows(latex: string): string[] {
  const lines = latex.split('\n');
  return lines.slice(lines.indexOf('\\midrule') + 1, lines.indexOf('\\bottomrule'));
}

/** Braces balance once escaped ones (\{, \}) are taken out, and never close before they open. */
function balanced(latex: string): boolean {
  let depth = 0;
  for (const c of latex.replace(/\\[{}]/g, '')) {
    if (c === '{') depth++;
    if (c === '}' && --depth < 0) return false;
  }
  return depth === 0;
}

test('LaTeX escaping covers every special character once, and line breaks', () => {
  assert.equal(latexEscape('grpo_v2 & 50%'), 'grpo\\_v2 \\& 50\\%');
  assert.equal(
    latexEscape('$#{}~^\\'),
    '\\$\\#\\{\\}\\textasciitilde{}\\textasciicircum{}\\textbackslash{}',
    'the braces a replacement adds are not escaped again',
  );
  assert.equal(latexEscape('a\nb\r\tc'), 'a b  c', 'a newline would end a % comment or a row');
  assert.equal(markdownEscape('a|b\\c\nd'), 'a\\|b\\\\c d');
});

test('decimals show two significant digits; signs are explicit and zero has none', () => {
  assert.equal(decimalsFor(0.031, 2), 3);
  assert.equal(decimalsFor(0.01, 2), 3);
  assert.equal(decimalsFor(0.0999, 2), 2, '0.0999 rounds to 0.10');
  assert.equal(decimalsFor(250, 2), 0);
  assert.equal(decimalsFor(0, 2), 3, 'fallback');
  assert.deepEqual(
    [signed(0.02, 3), signed(-0.0081, 3), signed(0.0001, 3), signed(-0.0001, 3)],
    ['+0.020', '-0.008', '0.000', '0.000'],
  );
});

test('the summary in LaTeX: booktabs, one row per method, mean ± std, best per column in bold, names escaped', () => {
  const c = compareMethods(
    [method('grpo_v2 & 50%', [0.502, 0.512, 0.522]), method('MEL', [0.49, 0.5, 0.51]), method('solo', [0.3])],
    { ...ONE, threshold: 0.55 },
  );
  const latex = methodSummaryLatex(c, 'val/MATH_500{x}');
  const lines = latex.split('\n');
  const [top, mid, bottom] = ['\\toprule', '\\midrule', '\\bottomrule'].map((r) => lines.indexOf(r)) as [
    number,
    number,
    number,
  ];
  assert.ok(top > 0 && top < mid && mid < bottom, 'rules in order');
  assert.ok(balanced(latex), 'balanced braces');
  assert.ok(latex.includes('\\begin{tabular}{lrrrrrr}') && latex.includes('\\end{tabular}'));
  const rows = bodyRows(latex);
  assert.equal(rows.length, 3, 'one row per method');
  assert.ok(
    rows.every((r) => r.endsWith(' \\\\') && r.split(' & ').length === 7),
    rows.join('\n'),
  );
  // std of 0.502, 0.512, 0.522 (n − 1) is 0.010: three decimals, two significant digits of it.
  assert.ok(rows[0]!.startsWith('grpo\\_v2 \\& 50\\% & 3 & $\\mathbf{0.512 \\pm 0.010}$ & '), rows[0]);
  assert.ok(rows[1]!.startsWith('MEL & 3 & $0.500 \\pm 0.010$ & '), rows[1]);
  assert.ok(rows[2]!.startsWith('solo & 1 & $0.300$ & '), 'one seed: no ±');
  assert.ok(latex.includes('\\caption{val/MATH\\_500\\{x\\} (higher is better)'), 'metric escaped');
  // The best's step (20 for all) has no better way: never bold; the threshold is reached by nobody.
  assert.ok(
    rows.every((r) => r.includes('& $20$ &') || r.includes('& $20 \\pm 0$ &')),
    rows.join('\n'),
  );
  assert.ok(
    rows.every((r) => r.endsWith('& -- \\\\')),
    'no seed reaches 0.55',
  );
});

test('for a lower-is-better metric the lowest mean is bold; equal shown values are both bold', () => {
  const c = compareMethods([method('a', [0.2, 0.2]), method('b', [0.3, 0.3]), method('c', [0.2, 0.2])], {
    goal: 'min',
    k: 1,
  });
  const rows = bodyRows(methodSummaryLatex(c, 'loss'));
  assert.deepEqual(
    rows.map((r) => r.split(' & ')[2]),
    ['$\\mathbf{0.200 \\pm 0.000}$', '$0.300 \\pm 0.000$', '$\\mathbf{0.200 \\pm 0.000}$'],
  );
});

test('the summary in Markdown: a name with a pipe stays in its cell; missing runs are counted', () => {
  const withMissing: MethodRuns = {
    name: 'a|b',
    runs: [...method('x', [0.5, 0.7]).runs, { label: 'x-seed3', column: undefined }],
  };
  const c = compareMethods([withMissing, method('c\\d', [0.4, 0.45])], ONE);
  const md = methodSummaryMarkdown(c, 'acc|top1');
  const table = md.split('\n').filter((l) => l.startsWith('|'));
  const cells = (line: string): number => line.replace(/\\\\/g, '').replace(/\\\|/g, '').split('|').length;
  assert.equal(table.length, 4, 'header, alignment, two methods');
  assert.ok(
    table.every((l) => cells(l) === cells(table[0]!)),
    table.join('\n'),
  );
  // The column shows 2 significant digits of its smallest std (0.035): three decimals.
  assert.ok(table[2]!.startsWith('| a\\|b | 2/3 | **0.600 ± 0.141** |'), table[2]);
  assert.ok(table[3]!.startsWith('| c\\\\d | 2 | 0.425 ± 0.035 |'), table[3]);
  assert.ok(md.startsWith('acc\\|top1 (higher is better)'));
});

test('the pair table: A − B with its interval, bold when it excludes 0, none with one seed', () => {
  const c = compareMethods(
    [method('MEL', [0.83, 0.84, 0.85]), method('GRPO', [0.8, 0.81, 0.82]), method('one', [0.7])],
    ONE,
  );
  const latex = pairsLatex(c, 'MATH500');
  assert.ok(balanced(latex));
  const rows = bodyRows(latex);
  assert.equal(rows.length, 3, 'MEL vs GRPO, MEL vs one, GRPO vs one');
  const interval = c.pairs[0]!.stats.final.interval!;
  const cell = `$\\mathbf{+0.030}$ $[${signed(interval.low, 3)}, ${signed(interval.high, 3)}]$`;
  assert.ok(rows[0]!.startsWith(`MEL vs GRPO & ${cell} & `), rows[0]);
  assert.ok(rows[1]!.startsWith('MEL vs one & $+0.14$ & '), 'one seed: the difference alone, not bold');
  const md = pairsMarkdown(c, 'MATH500');
  assert.ok(md.includes(`| MEL vs GRPO | **+0.030** [${signed(interval.low, 3)}, ${signed(interval.high, 3)}] |`), md);
});

test('sentences: led by the method ahead, with the interval of its lead and the seed counts', () => {
  const c = compareMethods([method('GRPO', [0.8, 0.81, 0.82]), method('MEL', [0.815, 0.83, 0.845])], ONE);
  const pair = c.pairs[0]!;
  const { low, high } = pair.stats.final.interval!;
  // The difference is GRPO − MEL = −0.020: MEL leads, and its lead's interval is −(high) to −(low).
  assert.equal(
    pairSentence(pair, 'final', 'MATH500'),
    `MEL is ahead of GRPO on MATH500 at the last step by +0.020 (95% CI ${signed(-high, 3)} to ${signed(-low, 3)}, 3 vs 3 seeds).`,
  );
  assert.match(
    pairSentence(pair, 'best', 'MATH500'),
    /^MEL is ahead of GRPO on MATH500 at their best by \+0\.020 \(95% CI /,
  );
});

test('with one seed each the sentence says no interval can be given', () => {
  const c = compareMethods([method('MEL', [0.84]), method('GRPO', [0.82])], ONE);
  assert.equal(
    pairSentence(c.pairs[0]!, 'final', 'MATH500'),
    'MEL is ahead of GRPO on MATH500 at the last step by +0.020 (1 vs 1 seeds: no interval).',
  );
});

test('lower-is-better, threshold, the best’s step and steps to B’s best read the right way round', () => {
  const loss = (name: string, v: readonly number[]): MethodRuns => method(name, v, [1, 0.9]);
  const c = compareMethods([loss('a', [0.3, 0.31]), loss('b', [0.2, 0.21])], { goal: 'min', k: 1, threshold: 0.25 });
  const pair = c.pairs[0]!;
  assert.match(
    pairSentence(pair, 'final', 'kl'),
    /^b is ahead of a on kl at the last step by \+0\.10 \(.*; lower is better\)\.$/,
  );
  assert.equal(
    pairSentence(pair, 'thresholdStep', 'kl'),
    'No seed of a reaches 0.25 on kl: no comparison of a and b there.',
  );
  const acc = compareMethods(
    [
      { name: 'fast', runs: [{ label: 'f', column: series([0, 10, 20, 30], [0.5, 0.8, 0.8, 0.8]) }] },
      { name: 'slow', runs: [{ label: 's', column: series([0, 10, 20, 30], [0.5, 0.6, 0.7, 0.9]) }] },
    ],
    { goal: 'max', threshold: 0.7 },
  ).pairs[0]!;
  const sentences = pairSentences(acc, 'MATH500');
  assert.ok(sentences.includes('fast reaches 0.7 on MATH500 10 steps sooner than slow (1 vs 1 seeds: no interval).'));
  assert.ok(sentences.includes('slow peaks on MATH500 20 steps later than fast (1 vs 1 seeds: no interval).'));
  assert.ok(
    sentences.some((s) => s.startsWith('fast is ahead of slow on MATH500 in area under the curve over steps 0–30 by ')),
  );
  assert.equal(
    sentences.at(-1),
    "fast does not reach slow's best on MATH500 (0.9, on the mean of its seeds) by step 30; slow reaches it at step 30.",
  );
});
