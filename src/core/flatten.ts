/**
 * Objects nested deeper than this (the outermost object is level 1) are not visited: no metrics log
 * nests this far, and the bound keeps the recursion below the stack limit whatever the input.
 */
export const MAX_NESTING = 100;

/**
 * Visits every leaf of a parsed JSON object with its `/`-joined name. Arrays are skipped (a list of
 * values has no single point to plot). Visiting instead of building a flat object keeps the parser
 * from allocating a second object per line. Returns false when some object lay deeper than
 * `maxNesting` levels (counting `value` as level 1); its contents were not visited.
 */
export function flatten(
  value: Readonly<Record<string, unknown>>,
  visit: (name: string, leaf: unknown) => void,
  prefix = '',
  maxNesting = MAX_NESTING,
): boolean {
  if (maxNesting < 1) return false;
  let complete = true;
  for (const key in value) {
    const leaf = value[key];
    const name = prefix + key;
    if (leaf !== null && typeof leaf === 'object') {
      if (!Array.isArray(leaf) && !flatten(leaf as Record<string, unknown>, visit, name + '/', maxNesting - 1)) {
        complete = false;
      }
    } else {
      visit(name, leaf);
    }
  }
  return complete;
}
