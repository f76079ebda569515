/** The closest of `options` to a misspelt `word`, when it is close enough to be a typo. */
export function didYouMean(word: string, options: readonly string[]): string | undefined {
  const w = word.toLowerCase();
  let best: string | undefined;
  let bestDistance = Number.POSITIVE_INFINITY;
  for (const o of options) {
    const d = distance(w, o.toLowerCase());
    if (d < bestDistance) {
      best = o;
      bestDistance = d;
    }
  }
  const allowed = Math.max(1, Math.min(3, Math.floor(w.length / 3)));
  if (bestDistance <= allowed) return best;
  // a name given without its unit or suffix: `idle` for `idle_ms`
  if (w.length >= 3) {
    for (const o of options) if (o.toLowerCase().startsWith(`${w}_`)) return o;
  }
  return undefined;
}

/** `(did you mean "x"?)`, or nothing. */
export function suggestion(word: string, options: readonly string[]): string {
  const s = didYouMean(word, options);
  return s === undefined ? "" : ` (did you mean ${JSON.stringify(s)}?)`;
}

/** Damerau–Levenshtein (optimal string alignment): a swap of two letters is one edit. */
function distance(a: string, b: string): number {
  const d: number[][] = Array.from({ length: a.length + 1 }, (_, i) => [i]);
  for (let j = 0; j <= b.length; j++) (d[0] as number[])[j] = j;
  for (let i = 1; i <= a.length; i++) {
    const row = d[i] as number[];
    const prev = d[i - 1] as number[];
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let v = Math.min((prev[j] as number) + 1, (row[j - 1] as number) + 1, (prev[j - 1] as number) + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) {
        v = Math.min(v, ((d[i - 2] as number[])[j - 2] as number) + 1);
      }
      row[j] = v;
    }
  }
  return (d[a.length] as number[])[b.length] as number;
}
