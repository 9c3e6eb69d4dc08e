/**
 * Several seeds of the finite-N SGD simulator in parallel on `worker_threads` (the Node-only adapter of
 * `numeric/sgd`). Each seed is an independent deterministic run, handed to whichever worker is free, and the
 * results are put back in seed order: the output is the same for any number of workers (1 runs in-process).
 *
 * This module is also the worker's entry point: loaded with `workerData.bbpSgdWorker`, it answers
 * `{ index, seed }` messages with `{ index, run }` or `{ index, error }`. From compiled JS the worker loads
 * this file directly; from TypeScript source (tsx, vitest) it starts from a bootstrap that registers the tsx
 * loader first (Node 20 ignores loader flags in a worker's `execArgv`).
 *
 * @module
 */
import { createRequire } from 'node:module';
import { availableParallelism } from 'node:os';
import { pathToFileURL } from 'node:url';
import { Worker, isMainThread, parentPort, workerData } from 'node:worker_threads';
import * as E from 'fp-ts/lib/Either.js';
import { BbpFailure, type BbpError } from '../errors.js';
import { checkSimulationOptions, sgdSimulate, type SgdRiskFunction, type SgdSimulationOptions, type SgdSimulationRun } from '../numeric/sgd/simulate.js';
import { sgdDynamics } from '../analytic/sgd/equations.js';
import type { Activation } from '../dsl/activation.js';

/** What every seed shares: the simulation options without the seed, and whether to record the risk. */
export interface SgdSeedsTask {
  /** The simulation; `seed` is replaced by each seed in turn. */
  readonly options: Omit<SgdSimulationOptions, 'seed'>;
  /** The seeds, one run each. */
  readonly seeds: readonly number[];
  /** Record the population risk (from the ODE side's `populationRisk`) at each recorded time. */
  readonly risk: boolean;
}

interface Job {
  readonly index: number;
  readonly seed: number;
}

type Reply = { readonly index: number; readonly run: SgdSimulationRun } | { readonly index: number; readonly error: BbpError } | { readonly ready: true };

/** The population risk of `(Q, R)` for the model (THEORY §8), compiled once by the ODE side. */
export function sgdRiskFunction(student: Activation, teacher: Activation, p: number, pstar: number): E.Either<BbpError, SgdRiskFunction> {
  return E.map((dynamics: { risk: (y: Float64Array) => number }) => {
    const state = new Float64Array(p * p + p * pstar);
    return (at: { Q: Float64Array; R: Float64Array }) => {
      state.set(at.Q, 0);
      state.set(at.R, p * p);
      return dynamics.risk(state);
    };
  })(sgdDynamics(p, pstar, student, teacher));
}

function riskOf(task: Pick<SgdSeedsTask, 'options' | 'risk'>): SgdRiskFunction | undefined {
  if (!task.risk) return undefined;
  const { student, teacher, initial } = task.options;
  const risk = sgdRiskFunction(student, teacher, initial.p, initial.pstar);
  if (E.isLeft(risk)) throw new BbpFailure(risk.left);
  return risk.right;
}

function runOne(task: Pick<SgdSeedsTask, 'options'>, seed: number, risk: SgdRiskFunction | undefined): E.Either<BbpError, SgdSimulationRun> {
  return sgdSimulate({ ...task.options, seed }, risk);
}

/**
 * The ESM entry of tsx's loader API. `import.meta.resolve` picks the `import` condition; where it does not
 * exist (some test runners), the file is read off tsx's `exports` map.
 */
function tsxApi(): string {
  const resolve = (import.meta as { resolve?: (specifier: string) => string }).resolve;
  if (typeof resolve === 'function') return resolve('tsx/esm/api');
  const require = createRequire(import.meta.url);
  const pkgPath = require.resolve('tsx/package.json');
  const pkg = require(pkgPath) as { exports: Record<string, { import: { default: string } }> };
  return new URL(pkg.exports['./esm/api']!.import.default, pathToFileURL(pkgPath)).href;
}

/** The worker: a bootstrap under TypeScript source, the file itself once compiled. */
function spawn(task: Pick<SgdSeedsTask, 'options' | 'risk'>): Worker {
  const self = new URL(import.meta.url);
  const data = { bbpSgdWorker: true, options: task.options, risk: task.risk };
  if (!self.pathname.endsWith('.ts')) return new Worker(self, { workerData: data });
  const api = tsxApi();
  const boot = `import(${JSON.stringify(api)}).then((m) => { m.register(); return import(${JSON.stringify(self.href)}); });`;
  return new Worker(boot, { eval: true, workerData: data });
}

/**
 * Run every seed of `task` on up to `workers` worker threads (default: the available parallelism, at most
 * one per seed); `workers = 1` runs in this thread. Runs come back in the order of `task.seeds`. The first
 * run that fails (a `BbpError`) rejects the promise with a `BbpFailure`.
 */
export async function sgdRunSeeds(task: SgdSeedsTask, workers?: number): Promise<SgdSimulationRun[]> {
  for (const seed of task.seeds) checkSimulationOptions({ ...task.options, seed }); // fail before spawning
  const count = Math.max(1, Math.min(task.seeds.length, workers ?? availableParallelism()));
  if (count === 1) {
    const risk = riskOf(task);
    return task.seeds.map((seed) => {
      const r = runOne(task, seed, risk);
      if (E.isLeft(r)) throw new BbpFailure(r.left);
      return r.right;
    });
  }
  const runs: SgdSimulationRun[] = new Array(task.seeds.length);
  return new Promise((resolve, reject) => {
    const pool: Worker[] = [];
    let next = 0;
    let done = 0;
    let failed = false;
    const stop = (e: unknown) => {
      if (failed) return;
      failed = true;
      pool.forEach((w) => void w.terminate());
      reject(e);
    };
    const feed = (w: Worker) => {
      if (next < task.seeds.length) {
        const job: Job = { index: next, seed: task.seeds[next]! };
        next++;
        w.postMessage(job);
      } else {
        w.postMessage(null);
      }
    };
    for (let k = 0; k < count; k++) {
      const w = spawn(task);
      pool.push(w);
      w.on('message', (m: Reply) => {
        if ('error' in m) return stop(new BbpFailure(m.error));
        if ('run' in m) {
          runs[m.index] = m.run;
          if (++done === task.seeds.length) resolve(runs);
        }
        feed(w);
      });
      w.on('error', stop);
      w.on('exit', (code) => {
        if (code !== 0 && done < task.seeds.length) stop(new Error(`SGD worker exited with code ${code} after ${done} of ${task.seeds.length} seeds`));
      });
    }
  });
}

// ---------------------------------------------------------------------------------------------------------
// Worker side

const data = workerData as { bbpSgdWorker?: boolean; options: SgdSeedsTask['options']; risk: boolean } | null;
if (!isMainThread && parentPort && data?.bbpSgdWorker === true) {
  const port = parentPort;
  let risk: SgdRiskFunction | undefined;
  let setupError: BbpError | undefined;
  try {
    risk = riskOf(data);
  } catch (e) {
    if (e instanceof BbpFailure) setupError = e.error;
    else throw e;
  }
  port.on('message', (job: Job | null) => {
    if (job === null) {
      port.close();
      return;
    }
    if (setupError) {
      port.postMessage({ index: job.index, error: setupError } satisfies Reply);
      return;
    }
    const r = runOne(data, job.seed, risk);
    port.postMessage((E.isLeft(r) ? { index: job.index, error: r.left } : { index: job.index, run: r.right }) satisfies Reply);
  });
  port.postMessage({ ready: true } satisfies Reply);
}
