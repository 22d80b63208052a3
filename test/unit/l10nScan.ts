/**
 * Finds user-facing text in the extension host's sources that does not go through `vscode.l10n.t`, with
 * TypeScript's parser (no type checker: one file at a time, fast). It follows a string to the places
 * VS Code shows it — notifications, quick picks, tree items, progress, the status bar, webview panel titles,
 * dialogs, errors shown in an editor, and the texts the host sends into a webview — through the local
 * variables and functions of the same file (a bounded number of steps), not across files: a lower bound
 * on what is missed, and never a string that only reaches a log.
 */
import ts from 'typescript';

/** A piece of English that reaches the user untranslated, or a translation call that cannot be extracted. */
export interface Offender {
  readonly file: string;
  readonly line: number;
  /** The literal (or the call) as written, cut to 100 characters. */
  readonly text: string;
  /** Where it goes: the call, or the property it is assigned to. */
  readonly sink: string;
}

/** A `vscode.l10n.t` call: its message literal and how many values it was given. */
export interface Message {
  readonly file: string;
  readonly line: number;
  readonly message: string;
  readonly values: number;
}

/** Calls whose arguments VS Code shows (every argument, but functions: a task's own calls are scanned where they are). */
const SINK_CALLS = new Set([
  'showInformationMessage',
  'showWarningMessage',
  'showErrorMessage',
  'setStatusBarMessage',
  'showQuickPick',
  'showInputBox',
  'withProgress',
  'showOpenDialog',
  'showSaveDialog',
  'createOutputChannel',
  'TreeItem',
  'MarkdownString',
  'appendText',
  'appendMarkdown',
  'Error',
]);
/** Calls with one shown argument, at this index (the others are ids). */
const SINK_ARGUMENT: Readonly<Record<string, number>> = { createWebviewPanel: 1 };
/** Properties VS Code or our webview shows: of tree items, quick-pick items, status bar items, commands, dialogs, panels, view errors. */
const UI_PROPERTIES = new Set([
  'label',
  'description',
  'detail',
  'tooltip',
  'title',
  'text',
  'placeHolder',
  'placeholder',
  'prompt',
  'message',
  'openLabel',
  'saveLabel',
  'error',
  'errorValue',
]);
/** Assigned, it is a status bar item's name (in an object literal it is mostly a file's or a run's). */
const UI_ASSIGNED = new Set([...UI_PROPERTIES, 'name']);
/** Calls whose string arguments are ids, paths, patterns or settings keys, never shown. */
const NOT_SHOWN_ARGUMENTS = new Set([
  'executeCommand',
  'registerCommand',
  'getConfiguration',
  'get',
  'affectsConfiguration',
  'joinPath',
  'parse',
  'replace',
  'split',
  'test',
  'startsWith',
  'endsWith',
  'includes',
  'indexOf',
  'lastIndexOf',
  'createStatusBarItem',
  'createTreeView',
]);
/** Files whose errors stay between the host and its worker threads (a failed part is read again on one thread, not shown). */
const INTERNAL_ERRORS = new Set(['workerPool.ts', 'parseWorker.ts']);
/** How many variables or functions a string is followed through. */
const MAX_DEPTH = 4;

/** Words: a letter of any script, once codicons (`$(pulse)`) are taken out. */
const hasWords = (text: string): boolean => /\p{L}/u.test(text.replace(/\$\([\w~-]+\)/g, ''));

function isL10nCall(node: ts.Node): node is ts.CallExpression {
  return ts.isCallExpression(node) && /(^|\.)l10n\.t$/.test(node.expression.getText());
}

/** The name a call or `new` is known by: `showQuickPick` for `vscode.window.showQuickPick(…)`. */
function calleeName(node: ts.CallExpression | ts.NewExpression): string | undefined {
  const callee = node.expression;
  if (ts.isIdentifier(callee)) return callee.text;
  if (ts.isPropertyAccessExpression(callee)) return callee.name.text;
  return undefined;
}

function propertyName(name: ts.PropertyName): string | undefined {
  return ts.isIdentifier(name) || ts.isStringLiteral(name) ? name.text : undefined;
}

/** The expressions a function gives back (its body, or its `return`s, not those of functions inside it). */
function returnedBy(fn: ts.SignatureDeclaration): ts.Expression[] {
  const body = (fn as { body?: ts.Node }).body;
  if (!body) return [];
  if (!ts.isBlock(body)) return [body as ts.Expression];
  const found: ts.Expression[] = [];
  const visit = (node: ts.Node): void => {
    if (ts.isFunctionLike(node)) return;
    if (ts.isReturnStatement(node) && node.expression) found.push(node.expression);
    ts.forEachChild(node, visit);
  };
  ts.forEachChild(body, visit);
  return found;
}

type Binding = ts.VariableDeclaration | ts.FunctionDeclaration | 'unknown';

function bindsName(name: ts.BindingName, wanted: string): boolean {
  if (ts.isIdentifier(name)) return name.text === wanted;
  return name.elements.some((e) => !ts.isOmittedExpression(e) && bindsName(e.name, wanted));
}

/** The declaration `id` refers to, looked up scope by scope; 'unknown' for parameters, imports and the like. */
function resolve(id: ts.Identifier): Binding {
  for (let scope: ts.Node | undefined = id.parent; scope; scope = scope.parent) {
    if (ts.isFunctionLike(scope) && scope.parameters.some((p) => bindsName(p.name, id.text))) return 'unknown';
    const statements = ts.isBlock(scope) || ts.isSourceFile(scope) || ts.isCaseClause(scope) ? scope.statements : [];
    for (const statement of statements) {
      if (ts.isFunctionDeclaration(statement) && statement.name?.text === id.text) return statement;
      if (ts.isVariableStatement(statement)) {
        const declaration = statement.declarationList.declarations.find((d) => bindsName(d.name, id.text));
        if (declaration) return declaration;
      }
    }
  }
  return 'unknown';
}

/** The method `this.name` calls, in the class around `node`. */
function methodOfThis(node: ts.Node, name: string): ts.SignatureDeclaration | undefined {
  let cls: ts.Node | undefined = node.parent;
  while (cls && !ts.isClassLike(cls)) cls = cls.parent;
  if (!cls) return undefined;
  for (const member of cls.members) {
    if (!member.name || propertyName(member.name) !== name) continue;
    if (ts.isMethodDeclaration(member)) return member;
    if (ts.isPropertyDeclaration(member) && member.initializer && ts.isArrowFunction(member.initializer))
      return member.initializer;
  }
  return undefined;
}

/** Scans one host source file (`name`: its file name, for the report). */
export function scanHostFile(name: string, source: string): { offenders: Offender[]; messages: Message[] } {
  const sf = ts.createSourceFile(name, source, ts.ScriptTarget.ES2022, true, ts.ScriptKind.TS);
  const offenders = new Map<number, Offender>();
  const messages: Message[] = [];
  const lineOf = (node: ts.Node) => sf.getLineAndCharacterOfPosition(node.getStart(sf)).line + 1;
  const offend = (node: ts.Node, sink: string) => {
    if (!offenders.has(node.getStart(sf)))
      offenders.set(node.getStart(sf), { file: name, line: lineOf(node), text: node.getText(sf).slice(0, 100), sink });
  };

  /** Reports every untranslated literal that `expr` can evaluate to (as far as this file tells). */
  const reaching = (expr: ts.Node, sink: string, depth = 0, seen = new Set<ts.Node>()): void => {
    if (depth > MAX_DEPTH || seen.has(expr)) return;
    seen.add(expr);
    const follow = (next: ts.Node | undefined, deeper = false) => {
      if (next) reaching(next, sink, deeper ? depth + 1 : depth, seen);
    };
    if (ts.isStringLiteral(expr) || ts.isNoSubstitutionTemplateLiteral(expr)) {
      if (hasWords(expr.text)) offend(expr, sink);
    } else if (ts.isTemplateExpression(expr)) {
      if (hasWords(expr.head.text) || expr.templateSpans.some((s) => hasWords(s.literal.text))) offend(expr, sink);
      for (const span of expr.templateSpans) follow(span.expression);
    } else if (isL10nCall(expr)) {
      for (const value of expr.arguments.slice(1)) follow(value);
    } else if (ts.isCallExpression(expr)) {
      const callee = expr.expression;
      let fn: ts.SignatureDeclaration | undefined;
      if (ts.isIdentifier(callee)) {
        const bound = resolve(callee);
        if (bound !== 'unknown' && ts.isFunctionDeclaration(bound)) fn = bound;
        else if (bound !== 'unknown' && bound.initializer && ts.isArrowFunction(bound.initializer))
          fn = bound.initializer;
      } else if (ts.isPropertyAccessExpression(callee) && callee.expression.kind === ts.SyntaxKind.ThisKeyword) {
        fn = methodOfThis(expr, callee.name.text);
      }
      if (fn) {
        for (const value of returnedBy(fn)) follow(value, true);
        return;
      }
      if (ts.isPropertyAccessExpression(callee)) follow(callee.expression);
      if (!NOT_SHOWN_ARGUMENTS.has(calleeName(expr) ?? ''))
        for (const arg of expr.arguments) if (!ts.isFunctionLike(arg)) follow(arg);
    } else if (ts.isIdentifier(expr)) {
      const bound = resolve(expr);
      if (bound !== 'unknown' && ts.isVariableDeclaration(bound)) follow(bound.initializer, true);
    } else if (ts.isConditionalExpression(expr)) {
      follow(expr.whenTrue);
      follow(expr.whenFalse);
    } else if (ts.isBinaryExpression(expr)) {
      const op = expr.operatorToken.kind;
      if (
        op === ts.SyntaxKind.PlusToken ||
        op === ts.SyntaxKind.BarBarToken ||
        op === ts.SyntaxKind.QuestionQuestionToken
      ) {
        follow(expr.left);
        follow(expr.right);
      } else if (op === ts.SyntaxKind.AmpersandAmpersandToken || op === ts.SyntaxKind.CommaToken) follow(expr.right);
    } else if (ts.isArrayLiteralExpression(expr)) {
      for (const element of expr.elements) follow(element);
    } else if (ts.isObjectLiteralExpression(expr)) {
      for (const p of expr.properties) {
        if (ts.isPropertyAssignment(p) && UI_PROPERTIES.has(propertyName(p.name) ?? '')) follow(p.initializer);
        else if (ts.isShorthandPropertyAssignment(p) && UI_PROPERTIES.has(p.name.text)) follow(p.name);
        else if (ts.isSpreadAssignment(p)) follow(p.expression);
      }
    } else if (ts.isPropertyAccessExpression(expr) || ts.isElementAccessExpression(expr)) {
      follow(expr.expression);
    } else if (
      ts.isParenthesizedExpression(expr) ||
      ts.isAsExpression(expr) ||
      ts.isNonNullExpression(expr) ||
      ts.isSatisfiesExpression(expr) ||
      ts.isAwaitExpression(expr) ||
      ts.isSpreadElement(expr)
    ) {
      follow(expr.expression);
    }
  };

  const visit = (node: ts.Node): void => {
    if (isL10nCall(node)) {
      const [message, ...values] = node.arguments;
      if (!message || !(ts.isStringLiteral(message) || ts.isNoSubstitutionTemplateLiteral(message)))
        offend(node, 'l10n.t without a literal message (it cannot be extracted to the bundle)');
      else {
        messages.push({ file: name, line: lineOf(node), message: message.text, values: values.length });
        const placeholders = [...message.text.matchAll(/\{(\d+)\}/g)].map((m) => Number(m[1]));
        const needed = placeholders.length > 0 ? Math.max(...placeholders) + 1 : 0;
        if (needed !== values.length) offend(node, `l10n.t with ${values.length} values for ${needed} placeholders`);
      }
    } else if (ts.isCallExpression(node) || ts.isNewExpression(node)) {
      const callee = calleeName(node) ?? '';
      const args = node.arguments ?? [];
      if (SINK_CALLS.has(callee) && !(callee === 'Error' && INTERNAL_ERRORS.has(name))) {
        for (const arg of args) if (!ts.isFunctionLike(arg)) reaching(arg, callee);
      }
      const index = SINK_ARGUMENT[callee];
      if (index !== undefined && args[index]) reaching(args[index], callee);
    } else if (ts.isBinaryExpression(node)) {
      if (node.operatorToken.kind === ts.SyntaxKind.PlusToken && (isL10nCall(node.left) || isL10nCall(node.right)))
        offend(node, 'a translation concatenated (use one message with {0} placeholders)');
      if (
        node.operatorToken.kind === ts.SyntaxKind.EqualsToken &&
        ts.isPropertyAccessExpression(node.left) &&
        UI_ASSIGNED.has(node.left.name.text)
      )
        reaching(node.right, `.${node.left.name.text} =`);
    } else if (ts.isPropertyAssignment(node)) {
      const key = propertyName(node.name) ?? '';
      if (UI_PROPERTIES.has(key)) reaching(node.initializer, `${key}:`);
      // A save dialog's filters are named by their keys: `{ 'PNG image': ['png'] }`.
      if (key === 'filters' && ts.isObjectLiteralExpression(node.initializer)) {
        for (const filter of node.initializer.properties)
          if (filter.name && hasWords(propertyName(filter.name) ?? '')) offend(filter.name, 'filters:');
      }
    } else if (ts.isShorthandPropertyAssignment(node) && UI_PROPERTIES.has(node.name.text)) {
      reaching(node.name, `${node.name.text}:`);
    }
    ts.forEachChild(node, visit);
  };
  visit(sf);
  return { offenders: [...offenders.values()], messages };
}
