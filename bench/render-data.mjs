// The series of the render benchmark (bench/render.mjs): shared by the host side (Node) and the
// Chart.js baseline page (bundled by esbuild), so both draw the same points.

// Deterministic (mulberry32): the same points on both sides. Compiled by `npm run bench` (tsc -p test).
import { prng } from '../out/test/unit/helpers.js';

export const RUNS = 10;
export const POINTS = 1_000_000;

/** Run `run`'s loss curve at steps 0 … POINTS-1: a noisy decay with spikes, different per run. */
export function makeSeries(run) {
  const rand = prng(run + 1);
  const steps = new Float64Array(POINTS);
  const values = new Float64Array(POINTS);
  for (let i = 0; i < POINTS; i++) {
    steps[i] = i;
    const spike = rand() < 1e-4 ? 2 : 0;
    values[i] = (1 + run * 0.1) * Math.exp(-i / 300_000) + 0.05 * Math.sin(i / 20_000 + run) + rand() * 0.05 + spike;
  }
  return { steps, values };
}
