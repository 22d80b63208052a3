/**
 * JSON as Python's json module writes it: NaN, Infinity and -Infinity as bare tokens. Shared by the
 * JSON-lines parser's JSON.parse path and the whole-file formats (trainer_state.json, lm-eval results).
 */

/**
 * What a bare NaN token stands for once rewritten for JSON.parse: a string no program writes, so an
 * explicit NaN (a gap in the curve) stays distinct from `null` ("not logged"). The byte scanner gives a
 * NaN in a run-placing field the same value, so both parse paths agree.
 */
export const NAN_SENTINEL = '\u0000NaN';

/**
 * Python's json writes NaN, Infinity and -Infinity as bare tokens, which JSON.parse rejects. Outside
 * strings, rewrite them as the NaN sentinel (a string no trainer writes, so that an explicit NaN, a
 * gap, stays distinct from `null`, which tables exported from pandas or W&B write for "not logged")
 * and `1e999` (parses as Infinity, so `-Infinity` keeps its sign).
 */
export function replaceNonFiniteTokens(line: string): string {
  // Pieces joined once: a line of a million NaN would otherwise build a string a million pieces deep.
  const out: string[] = [];
  let copiedTo = 0;
  let inString = false;
  for (let i = 0; i < line.length; i++) {
    const c = line.charCodeAt(i);
    if (inString) {
      if (c === 92 /* \ */) i++;
      else if (c === 34 /* " */) inString = false;
    } else if (c === 34) {
      inString = true;
    } else if (c === 78 /* N */ && line.startsWith('NaN', i)) {
      out.push(line.slice(copiedTo, i), JSON.stringify(NAN_SENTINEL));
      i += 2;
      copiedTo = i + 1;
    } else if (c === 73 /* I */ && line.startsWith('Infinity', i)) {
      out.push(line.slice(copiedTo, i), '1e999');
      i += 7;
      copiedTo = i + 1;
    }
  }
  if (copiedTo === 0) return line;
  out.push(line.slice(copiedTo));
  return out.join('');
}
