// `npm run l10n`: writes l10n/bundle.l10n.json, the English bundle of every `vscode.l10n.t('…')` message in
// the extension host (src/*.ts; src/core shows nothing itself), as `@vscode/l10n-dev export` would: each
// message maps to itself, in the order the files (sorted) use them. Translators copy it to
// bundle.l10n.<locale>.json. test/unit/l10n.test.ts fails when the bundle and the sources disagree.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const SRC = path.join(ROOT, 'src');
const OUT = path.join(ROOT, 'l10n', 'bundle.l10n.json');

/** The literal first arguments of `l10n.t(…)` calls in `file`, in order. */
function messagesOf(file) {
  const sf = ts.createSourceFile(file, fs.readFileSync(file, 'utf8'), ts.ScriptTarget.ES2022, true);
  const found = [];
  const visit = (node) => {
    if (ts.isCallExpression(node) && /(^|\.)l10n\.t$/.test(node.expression.getText(sf))) {
      const [message] = node.arguments;
      if (message && (ts.isStringLiteral(message) || ts.isNoSubstitutionTemplateLiteral(message)))
        found.push(message.text);
      else throw new Error(`${file}: l10n.t without a literal message: ${node.getText(sf)}`);
    }
    ts.forEachChild(node, visit);
  };
  visit(sf);
  return found;
}

const files = fs
  .readdirSync(SRC)
  .filter((f) => f.endsWith('.ts'))
  .sort();
const bundle = {};
for (const f of files) for (const message of messagesOf(path.join(SRC, f))) bundle[message] = message;
fs.mkdirSync(path.dirname(OUT), { recursive: true });
fs.writeFileSync(OUT, `${JSON.stringify(bundle, null, 2)}\n`);
console.log(`${path.relative(ROOT, OUT)}: ${Object.keys(bundle).length} messages from ${files.length} files`);
