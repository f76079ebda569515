/**
 * Randomness for routing, injected so every choice is reproducible in tests: a `Random` is
 * a function returning a float in [0, 1), like `Math.random`.
 */
export type Random = () => number;

/**
 * mulberry32: a tiny 32-bit seeded PRNG, fast and good enough for load spreading and jitter
 * (not for anything secret).
 * @see https://github.com/bryc/code/blob/master/jshash/PRNGs.md#mulberry32
 */
export function mulberry32(seed: number): Random {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** The production source. */
export const systemRandom: Random = Math.random;
