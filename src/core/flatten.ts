/**
 * Visits every leaf of a parsed JSON object with its `/`-joined name. Arrays are skipped (a list of
 * values has no single point to plot). Visiting instead of building a flat object keeps the parser
 * from allocating a second object per line.
 */
export function flatten(
  value: Readonly<Record<string, unknown>>,
  visit: (name: string, leaf: unknown) => void,
  prefix = '',
): void {
  for (const key in value) {
    const leaf = value[key];
    const name = prefix + key;
    if (leaf !== null && typeof leaf === 'object') {
      if (!Array.isArray(leaf)) flatten(leaf as Record<string, unknown>, visit, name + '/');
    } else {
      visit(name, leaf);
    }
  }
}
