/**
 * Worker-thread adapter for the finite-N binary computations (src/numeric/binary stays free of Node APIs):
 * spreads {@link BinaryTask}s (one instance each) over worker threads and returns their results in task
 * order. The same file is the worker's entry point: in a worker started here (`workerData.bbpBinaryWorker`)
 * it answers each task message with `runBinaryTask(task)`.
 *
 * Works from the compiled `dist/` JavaScript (the worker loads this `.js` file directly) and from the
 * TypeScript source under tsx or vitest (the worker starts from a small bootstrap that registers tsx through
 * its API, since Node 20 ignores loader flags in a worker's `execArgv`; see bench/run.ts).
 *
 * @module
 */
import { createRequire } from 'node:module';
import { availableParallelism } from 'node:os';
import { pathToFileURL } from 'node:url';
import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads';
import { enumerationReport, type BinaryEnumerationInstance, type BinaryEnumerationReport, type EnumerationSettings } from '../numeric/binary/enumerate.js';
import { solveReport, type BinarySolveInstance, type BinarySolveReport, type SolveSettings } from '../numeric/binary/solvers.js';
import { runBinaryTask, type BinaryTask, type BinaryTaskResult } from '../numeric/binary/tasks.js';

/** Options of {@link runBinaryTasks}. */
export interface BinaryWorkerOptions {
  /** Worker threads (default: available parallelism, at most the number of tasks); ≤ 1 runs in this thread. */
  readonly workers?: number | undefined;
  /** Called after each finished task. */
  readonly onProgress?: ((done: number, total: number) => void) | undefined;
}

/** Default number of workers for `tasks` tasks. */
export function defaultBinaryWorkers(tasks: number): number {
  return Math.max(1, Math.min(availableParallelism(), tasks));
}

function spawnWorker(): Worker {
  const self = import.meta.url;
  const data = { bbpBinaryWorker: true };
  if (!self.endsWith('.ts')) return new Worker(new URL(self), { workerData: data });
  // The ESM entry of tsx's API (import.meta.resolve is missing under some test runners: derive it from the CJS one).
  const api = typeof import.meta.resolve === 'function' ? import.meta.resolve('tsx/esm/api') : pathToFileURL(createRequire(self).resolve('tsx/esm/api').replace(/\.cjs$/, '.mjs')).href;
  const boot = `import(${JSON.stringify(api)}).then((m) => { m.register(); return import(${JSON.stringify(self)}); });`;
  return new Worker(boot, { eval: true, workerData: data });
}

/**
 * Run `tasks` (in worker threads unless `workers ≤ 1` or there is a single task) and return the results in
 * task order. Rejects on a worker error.
 */
export function runBinaryTasks(tasks: readonly BinaryTask[], options: BinaryWorkerOptions = {}): Promise<BinaryTaskResult[]> {
  const total = tasks.length;
  const nWorkers = Math.min(options.workers ?? defaultBinaryWorkers(total), total);
  if (nWorkers <= 1) {
    const results = tasks.map((t, k) => {
      const r = runBinaryTask(t);
      options.onProgress?.(k + 1, total);
      return r;
    });
    return Promise.resolve(results);
  }
  return new Promise((resolve, reject) => {
    const results: BinaryTaskResult[] = new Array(total);
    let next = 0;
    let done = 0;
    let failed = false;
    const workers: Worker[] = [];
    const stopAll = (): void => {
      for (const w of workers) void w.terminate();
    };
    const feed = (w: Worker, slot: { task: number }): void => {
      if (next < total) {
        slot.task = next++;
        w.postMessage(tasks[slot.task]);
      } else w.postMessage(null);
    };
    for (let i = 0; i < nWorkers; i++) {
      const w = spawnWorker();
      workers.push(w);
      const slot = { task: -1 };
      w.on('message', (m: { ready: true } | { result: BinaryTaskResult }) => {
        if ('result' in m) {
          results[slot.task] = m.result;
          done++;
          options.onProgress?.(done, total);
          if (done === total) {
            stopAll();
            resolve(results);
            return;
          }
        }
        feed(w, slot);
      });
      w.on('error', (e) => {
        if (failed) return;
        failed = true;
        stopAll();
        reject(e);
      });
    }
  });
}

/** Enumerate every instance of checked settings (one task each) and assemble the report. */
export async function enumerateInWorkers(settings: EnumerationSettings, options: BinaryWorkerOptions = {}): Promise<BinaryEnumerationReport> {
  const tasks: BinaryTask[] = settings.indices.map((index) => ({ kind: 'enumerate', settings, index }));
  return enumerationReport(settings, (await runBinaryTasks(tasks, options)) as BinaryEnumerationInstance[]);
}

/** Solve every instance of several checked settings (e.g. one per α) in one pool; one report per settings. */
export async function solveInWorkers(all: readonly SolveSettings[], options: BinaryWorkerOptions = {}): Promise<BinarySolveReport[]> {
  const tasks: BinaryTask[] = all.flatMap((settings) => settings.indices.map((index) => ({ kind: 'solve' as const, settings, index })));
  const results = (await runBinaryTasks(tasks, options)) as BinarySolveInstance[];
  let offset = 0;
  return all.map((settings) => {
    const part = results.slice(offset, offset + settings.indices.length);
    offset += settings.indices.length;
    return solveReport(settings, part);
  });
}

// Worker side.
if (!isMainThread && parentPort !== null && (workerData as { bbpBinaryWorker?: boolean } | null)?.bbpBinaryWorker === true) {
  const port = parentPort;
  port.on('message', (task: BinaryTask | null) => {
    if (task === null) {
      port.close();
      return;
    }
    port.postMessage({ result: runBinaryTask(task) });
  });
  port.postMessage({ ready: true });
}
