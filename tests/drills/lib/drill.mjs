// Shared helpers for the drill suite: how big a run is, and how figures are printed.

/** 'ci' (default, fits the CI budget) or 'large' (KAZI_DRILL_SCALE=large). */
export const SCALE = process.env.KAZI_DRILL_SCALE === 'large' ? 'large' : 'ci';

/** Pick the CI or the large value of a drill parameter. */
export function scaled(ci, large) {
  return SCALE === 'large' ? large : ci;
}

/** Print one figures line: `drill <name>: k=v k=v`. */
export function figures(name, values) {
  const parts = Object.entries(values).map(([k, v]) => `${k}=${v}`);
  console.log(`drill ${name}: ${parts.join(' ')}`);
}

/** Await a condition (polled), failing after `ms`; never a blind sleep. */
export async function until(pred, { ms = 10000, every = 20, what = 'condition' } = {}) {
  const end = Date.now() + ms;
  for (;;) {
    const v = await pred();
    if (v) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, every));
  }
}
