/** Small builders for the page's elements, with the classes main.css styles. */

export function el<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  className: string,
  text?: string,
): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  node.className = className;
  if (text !== undefined) node.textContent = text;
  return node;
}

/** A plain button: type=button, never a form's submit. */
export function button(className: string, text: string): HTMLButtonElement {
  const node = el('button', className, text);
  node.type = 'button';
  return node;
}

/** A labelled control: visible text for sighted users, the same label for screen readers. */
export function labelled(text: string, control: HTMLElement, id: string): HTMLLabelElement {
  control.id = id;
  const label = el('label', 'tc-label', text);
  label.htmlFor = id;
  return label;
}

/** A select of [value, text, title?] choices. */
export function select<T extends string>(
  choices: readonly (readonly [T, string, ...unknown[]])[],
  value: string,
): HTMLSelectElement {
  const box = el('select', 'tc-select');
  for (const [v, text, title] of choices) {
    const option = el('option', '', text);
    option.value = v;
    if (typeof title === 'string') option.title = title;
    box.appendChild(option);
  }
  box.value = value;
  return box;
}

/** A button that stays pressed or not; `onToggle` gets its new state after each click. */
export function toggleButton(
  label: string,
  title: string,
  pressed: boolean,
  onToggle: (pressed: boolean) => void,
): HTMLButtonElement {
  const node = button('tc-toggle', label);
  node.title = title;
  node.setAttribute('aria-pressed', String(pressed));
  node.addEventListener('click', () => {
    const next = node.getAttribute('aria-pressed') !== 'true';
    node.setAttribute('aria-pressed', String(next));
    onToggle(next);
  });
  return node;
}

/** A number box showing `value` (empty for undefined). */
export function numberInput(value: number | undefined, placeholder: string, title: string): HTMLInputElement {
  const input = el('input', 'tc-number');
  input.type = 'number';
  input.placeholder = placeholder;
  input.title = title;
  input.value = value === undefined ? '' : String(value);
  return input;
}

/** Gives `parent` (a select, or a group of its options) these options, [value, text], if it has others. */
export function fillOptions(
  parent: HTMLSelectElement | HTMLOptGroupElement,
  choices: readonly (readonly [string, string, ...unknown[]])[],
): void {
  const current = [...parent.querySelectorAll('option')].map((o) => o.value);
  if (JSON.stringify(current) === JSON.stringify(choices.map((c) => c[0]))) return;
  parent.replaceChildren(
    ...choices.map(([value, text]) => {
      const option = el('option', '', text);
      option.value = value;
      return option;
    }),
  );
}

/** Gives a select these names as its options, and shows `value`. */
export function fillSelect(box: HTMLSelectElement, names: readonly string[], value: string): void {
  fillOptions(
    box,
    names.map((name) => [name, name]),
  );
  box.value = value;
}
