/** The filter box: a case-insensitive substring, or a regular expression when wrapped in /…/ or the toggle is on. */
export type FilterResult =
  | { readonly ok: true; readonly active: boolean; readonly test: (text: string) => boolean }
  | { readonly ok: false; readonly error: string };

export function compileFilter(text: string, regexMode: boolean): FilterResult {
  const trimmed = text.trim();
  if (trimmed === '') return { ok: true, active: false, test: () => true };
  const slashed = /^\/(.+)\/([a-z]*)$/.exec(trimmed);
  if (slashed || regexMode) {
    // Group 1, (.+), is in every match.
    const source = slashed ? slashed[1]! : trimmed;
    // Case-insensitive unless the user gave flags of their own.
    const flags = slashed && slashed[2] ? slashed[2].replace(/[gy]/g, '') : 'i';
    try {
      const re = new RegExp(source, flags);
      return { ok: true, active: true, test: (t) => re.test(t) };
    } catch (e) {
      return { ok: false, error: e instanceof Error ? e.message : String(e) };
    }
  }
  const needle = trimmed.toLowerCase();
  return { ok: true, active: true, test: (t) => t.toLowerCase().includes(needle) };
}
