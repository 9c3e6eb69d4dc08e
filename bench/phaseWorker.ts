/**
 * Phase-diagram worker for `npm run bench`: computes α_BBP for one row (fixed p, p*) of the (p, a) grid.
 *
 * The same {@link phaseRow} is used by the single-threaded run (imported into the main thread, where
 * `parentPort` is null and nothing is listened to) and by the worker threads (loaded through the tsx
 * bootstrap in `run.ts`), so the two runs compute exactly the same thing.
 *
 * Protocol: the worker posts `{ ready: true }` once loaded; the main thread sends a {@link PhaseTask}
 * per row and gets back a {@link PhaseRowResult}; `null` tells the worker to close its port and exit.
 */
import { parentPort } from 'node:worker_threads';
import { threshold } from '../src/index.js';

export interface PhaseTask {
  readonly id: number;
  readonly p: number;
  readonly pstar: number;
  readonly a: readonly number[];
}

export interface PhasePoint {
  readonly p: number;
  readonly pstar: number;
  readonly a: number;
  /** null when the solver returned an error (see `error`). */
  readonly alphaBBP: number | null;
  readonly transition: 'continuous' | 'discontinuous' | null;
  readonly error?: string;
  /** Time of this point, parameters → result, in ms. */
  readonly ms: number;
}

export interface PhaseRowResult {
  readonly id: number;
  readonly points: PhasePoint[];
}

/** α_BBP at each `a` of the row, through the public entry point with its default quadrature. */
export function phaseRow(task: PhaseTask): PhasePoint[] {
  const { p, pstar } = task;
  return task.a.map((a) => {
    const t0 = performance.now();
    const r = threshold({ p, pstar, a });
    const ms = performance.now() - t0;
    if (r._tag === 'Left') return { p, pstar, a, alphaBBP: null, transition: null, error: `${r.left._tag}: ${r.left.message}`, ms };
    return { p, pstar, a, alphaBBP: r.right.alphaBBP, transition: r.right.transition, ms };
  });
}

const port = parentPort;
if (port) {
  port.on('message', (task: PhaseTask | null) => {
    if (task === null) {
      port.close();
      return;
    }
    const result: PhaseRowResult = { id: task.id, points: phaseRow(task) };
    port.postMessage(result);
  });
  port.postMessage({ ready: true });
}
