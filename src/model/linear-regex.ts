// Output patterns run on RE2JS, a linear-time engine: a pattern that backtracks catastrophically in
// JavaScript's own engine (`(a+)+$`) cannot hang xrun. It costs ~25 ms to load, so it is imported only
// when an output rule exists.

export interface Pattern {
  // the pattern as the user wrote it (JavaScript regex syntax)
  readonly source: string;
  test(text: string): boolean;
}

export type Compiled = { ok: true; patterns: Pattern[] } | { ok: false; source: string; problem: string };

// Compiles JavaScript-style regex sources; the first one the engine cannot take is named with why
// (bad syntax, or a feature without a linear-time match such as a backreference or lookahead).
export async function compilePatterns(sources: readonly string[]): Promise<Compiled> {
  const { RE2JS } = await import('re2js');
  const patterns: Pattern[] = [];
  for (const source of sources) {
    try {
      const re = RE2JS.compile(RE2JS.translateRegExp(source));
      patterns.push({ source, test: (text) => re.matcher(text).find() });
    } catch (error) {
      return { ok: false, source, problem: error instanceof Error ? error.message : String(error) };
    }
  }
  return { ok: true, patterns };
}
