// The runs table's filter text and sort order (issue #17).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { ConfigValue } from '../../src/core/config';
import {
  MAX_FILTER_LENGTH,
  compareValues,
  filterRows,
  matchesFilter,
  parseFilter,
  type FilterRow,
  type FilterTerm,
} from '../../src/core/runFilter';

const row = (name: string, values: Record<string, ConfigValue>, method?: string): FilterRow => ({
  name,
  method,
  values: new Map(Object.entries(values)),
});

const ROWS: readonly FilterRow[] = [
  row('grpo-lr1e-6', { lr: 1e-6, optimizer: 'AdamW', use_lora: true, seed: 1, steps: 500 }, 'GRPO'),
  row('grpo v2', { lr: 3e-6, optimizer: 'adamw', use_lora: false, seed: 2, steps: 1000 }, 'GRPO'),
  row('mel-baseline', { lr: '1e-5', optimizer: 'sgd', seed: 1, note: 'warm start' }, 'MEL'),
  row('sft', { learning_rate: 2e-5, steps: 200 }),
];

function terms(text: string): readonly FilterTerm[] {
  const parsed = parseFilter(text);
  if (!parsed.ok) throw new Error(`${text}: ${parsed.error.message}`);
  return parsed.terms;
}
const names = (text: string): string[] => filterRows(terms(text), ROWS).map((r) => r.name);

test('free words match the name, the method or any value, in any case; all words must match', () => {
  assert.deepEqual(names(''), ['grpo-lr1e-6', 'grpo v2', 'mel-baseline', 'sft']);
  assert.deepEqual(names('   '), ['grpo-lr1e-6', 'grpo v2', 'mel-baseline', 'sft']);
  assert.deepEqual(names('GRPO'), ['grpo-lr1e-6', 'grpo v2']);
  assert.deepEqual(names('mel'), ['mel-baseline']);
  assert.deepEqual(names('adamw'), ['grpo-lr1e-6', 'grpo v2'], 'a value, in any case');
  assert.deepEqual(names('WARM'), ['mel-baseline']);
  assert.deepEqual(names('grpo 1000'), ['grpo v2'], 'a number as its text');
  assert.deepEqual(names('grpo sgd'), []);
  assert.deepEqual(names('"grpo v2"'), ['grpo v2'], 'a quoted phrase is one word');
  assert.deepEqual(names('"warm start"'), ['mel-baseline']);
  // Words never match across two values (`sgd` and `1` are neighbours in no text).
  assert.deepEqual(names('"sgd1"'), []);
});

test('= compares numbers as numbers and text in any case; != keeps rows without the key', () => {
  assert.deepEqual(names('lr=1e-6'), ['grpo-lr1e-6']);
  assert.deepEqual(names('lr=0.000001'), ['grpo-lr1e-6'], 'the same number, written otherwise');
  assert.deepEqual(names('lr==1e-5'), ['mel-baseline'], 'text that is a number is one; == is =');
  assert.deepEqual(names('optimizer=adamw'), ['grpo-lr1e-6', 'grpo v2']);
  assert.deepEqual(names('use_lora=true'), ['grpo-lr1e-6']);
  assert.deepEqual(names('use_lora=False'), ['grpo v2']);
  assert.deepEqual(names('seed=1'), ['grpo-lr1e-6', 'mel-baseline']);
  assert.deepEqual(names('seed=01'), ['grpo-lr1e-6', 'mel-baseline'], 'a number typed with a leading zero');
  assert.deepEqual(names('optimizer!=adamw'), ['mel-baseline', 'sft']);
  assert.deepEqual(names('seed!=1'), ['grpo v2', 'sft']);
  assert.deepEqual(names('missing=1'), []);
  assert.deepEqual(names('missing!=1'), ['grpo-lr1e-6', 'grpo v2', 'mel-baseline', 'sft']);
});

test('>, >=, < and <= compare numbers; rows whose value is text or missing do not match', () => {
  assert.deepEqual(names('steps>500'), ['grpo v2']);
  assert.deepEqual(names('steps>=500'), ['grpo-lr1e-6', 'grpo v2']);
  assert.deepEqual(names('steps<500'), ['sft']);
  assert.deepEqual(names('steps<=500'), ['grpo-lr1e-6', 'sft']);
  assert.deepEqual(names('lr<2e-6'), ['grpo-lr1e-6']);
  assert.deepEqual(names('lr>2e-6'), ['grpo v2', 'mel-baseline'], 'text that is a number compares as one');
  assert.deepEqual(names('optimizer>1'), [], 'text is no number');
  assert.deepEqual(names('lr > .000002'), ['grpo v2', 'mel-baseline'], 'spaces around the operator; .5-style numbers');
  assert.deepEqual(names('steps>+1E2 steps<1e3'), ['grpo-lr1e-6', 'sft'], 'terms are ANDed');
});

test('keys: in any case, quoted, and name / run / method for the row itself unless a value has that key', () => {
  assert.deepEqual(names('LR=1e-6'), ['grpo-lr1e-6']);
  assert.deepEqual(names('name="grpo v2"'), ['grpo v2']);
  assert.deepEqual(names('run=sft'), ['sft']);
  assert.deepEqual(names('method=grpo seed=2'), ['grpo v2']);
  assert.deepEqual(names('method!=GRPO'), ['mel-baseline', 'sft']);
  const withKey = [row('a', { 'my key': 3, name: 'model-x' }), row('b', { 'my key': 4 })];
  assert.deepEqual(
    filterRows(terms('"my key">3'), withKey).map((r) => r.name),
    ['b'],
  );
  assert.deepEqual(
    filterRows(terms('name=model-x'), withKey).map((r) => r.name),
    ['a'],
    'a value named `name` comes first',
  );
  // A value holding operators, and quotes inside a quoted value.
  const args = [row('c', { model_args: 'pretrained=x,dtype=bf16', title: 'say "hi"' })];
  assert.equal(matchesFilter(terms('model_args=pretrained=x,dtype=bf16'), args[0]!), true);
  assert.equal(matchesFilter(terms('title="say \\"hi\\""'), args[0]!), true);
  assert.equal(matchesFilter(terms('model_args=">="'), args[0]!), false);
});

test('the terms read: kinds, keys, operators, values and their numbers', () => {
  assert.deepEqual(terms('grpo lr>=1e-6 "a b" x!="y z" n<=-2'), [
    { kind: 'text', text: 'grpo' },
    { kind: 'compare', key: 'lr', op: '>=', value: '1e-6', number: 1e-6 },
    { kind: 'text', text: 'a b' },
    { kind: 'compare', key: 'x', op: '!=', value: 'y z' },
    { kind: 'compare', key: 'n', op: '<=', value: '-2', number: -2 },
  ]);
  // A `!` not followed by `=` is part of a word; spaces may stand around an operator.
  assert.deepEqual(terms('wow!'), [{ kind: 'text', text: 'wow!' }]);
  assert.deepEqual(terms('grpo > 3'), [{ kind: 'compare', key: 'grpo', op: '>', value: '3', number: 3 }]);
  assert.deepEqual(terms('lr<"1e-5"'), [{ kind: 'compare', key: 'lr', op: '<', value: '1e-5', number: 1e-5 }]);
});

test('a malformed term is an error with a code, the term and where it starts; nothing is thrown', () => {
  const error = (text: string) => {
    const parsed = parseFilter(text);
    assert.equal(parsed.ok, false, text);
    return parsed.ok ? undefined : parsed.error;
  };
  assert.deepEqual(error('a=1 >3'), {
    code: 'no-key',
    message: '>3: a comparison needs a key before >.',
    term: '>3',
    at: 4,
  });
  assert.equal(error('>=3')?.code, 'no-key');
  assert.deepEqual(error('lr>'), {
    code: 'no-value',
    message: 'lr>: a comparison needs a value after >.',
    term: 'lr>',
    at: 0,
  });
  assert.equal(error('lr >= ')?.code, 'no-value');
  assert.deepEqual(error('lr>abc x'), {
    code: 'not-a-number',
    message: 'lr>abc: > compares numbers, and "abc" is not one.',
    term: 'lr>abc',
    at: 0,
  });
  assert.equal(error('lr<"soon"')?.code, 'not-a-number');
  assert.deepEqual(error('a=1 name="grpo v2'), {
    code: 'unclosed-quote',
    message: '"grpo v2: the quote is not closed.',
    term: '"grpo v2',
    at: 9,
  });
  assert.equal(error('"open')?.code, 'unclosed-quote');
  assert.equal(error('lr=>3')?.code, 'two-operators');
  assert.equal(error('lr>=<3')?.code, 'two-operators');
  assert.equal(error('x'.repeat(MAX_FILTER_LENGTH + 1))?.code, 'too-long');
  assert.equal(parseFilter('x'.repeat(MAX_FILTER_LENGTH)).ok, true);
  // Long terms are cut in the message.
  const long = error(`key>${'v'.repeat(200)}`);
  assert.ok(long && long.term.length <= 60 && long.message.length < 200);
});

test('text that would be special to a regular expression is only text', () => {
  const rows = [row('a(b', { pattern: '.*' }), row('ab', { pattern: 'x' })];
  assert.deepEqual(
    filterRows(terms('a(b'), rows).map((r) => r.name),
    ['a(b'],
  );
  assert.deepEqual(
    filterRows(terms('pattern=.*'), rows).map((r) => r.name),
    ['a(b'],
  );
  assert.deepEqual(
    filterRows(terms('.*'), rows).map((r) => r.name),
    ['a(b'],
  );
});

test('compareValues: numbers by value, then text with numeric collation, missing and NaN last either way', () => {
  const column: (ConfigValue | undefined)[] = [
    'run10',
    undefined,
    3,
    'run2',
    true,
    -1,
    NaN,
    'Adam',
    'adam',
    1e-6,
    Infinity,
    'b',
  ];
  const ascending = [...column].sort((a, b) => compareValues(a, b));
  assert.deepEqual(ascending.slice(0, 10), [-1, 1e-6, 3, Infinity, 'Adam', 'adam', 'b', 'run2', 'run10', true]);
  assert.deepEqual(ascending.slice(10).map(String).sort(), ['NaN', 'undefined']);
  const descending = [...column].sort((a, b) => compareValues(a, b, true));
  assert.deepEqual(descending.slice(0, 10), [true, 'run10', 'run2', 'b', 'adam', 'Adam', Infinity, 3, 1e-6, -1]);
  assert.deepEqual(descending.slice(10).map(String).sort(), ['NaN', 'undefined']);
  assert.equal(compareValues(undefined, undefined), 0);
  assert.equal(compareValues(2, 2), 0);
  assert.equal(compareValues(Infinity, Infinity), 0);
});
