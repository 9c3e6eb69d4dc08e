/**
 * Worker threads for `bbp simulate` and `bbp sweep`: the Node adapter around the pure experiment core.
 *
 * This one module is both sides. In the main thread, {@link runTasks} hands tasks out one at a time to
 * whichever worker is free and passes each record back as it arrives. In a worker (started on this same
 * file, with `workerData.bbpSimulate` set) it rebuilds the model from the command-line flags (a compiled
 * model has functions, which cannot be posted) and answers every task with its record. Records are
 * deterministic functions of their tasks, so any number of workers gives the same records.
 *
 * From compiled JS (dist/) the worker is this file itself. From TypeScript source (tsx, vitest) Node 20
 * ignores loader flags in a worker's `execArgv` (nodejs/node#47747), so the worker starts from a small
 * bootstrap that registers tsx through its API and then imports this file (as bench/run.ts does).
 *
 * @module
 */
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads';
import { runTask, type SweepRecord, type SweepTask } from '../numeric/montecarlo/experiment.js';
import { simulationModel } from '../simulation.js';
import { modelInput, type ModelFlags } from './modelFlags.js';
import { number } from './parse.js';

/** Messages from a worker. */
type FromWorker = { readonly ready: true } | { readonly record: SweepRecord } | { readonly error: string };

/** What a worker needs to rebuild the model. */
interface Setup {
  readonly bbpSimulate: true;
  readonly flags: ModelFlags;
}

/** The model the flags describe, as the experiment core needs it. */
export function pointwiseFromFlags(flags: ModelFlags) {
  return simulationModel(modelInput(flags, number)).pointwise;
}

/** A worker thread running this module. */
function spawn(flags: ModelFlags): Worker {
  const setup: Setup = { bbpSimulate: true, flags };
  const self = new URL(import.meta.url);
  if (!self.pathname.endsWith('.ts')) return new Worker(self, { workerData: setup });
  const resolve = (import.meta as { resolve?: (s: string) => string }).resolve;
  const api = typeof resolve === 'function' ? resolve('tsx/esm/api') : pathToFileURL(createRequire(import.meta.url).resolve('tsx/esm/api')).href;
  const boot = `import(${JSON.stringify(api)}).then((m) => { m.register(); return import(${JSON.stringify(self.href)}); });`;
  return new Worker(boot, { eval: true, workerData: setup });
}

/**
 * Run `tasks` on `count` worker threads (dynamic load balancing), calling `onRecord` in the main thread
 * with each record as it arrives (completion order). Rejects on the first task that throws (with its
 * message) or a worker that dies; the other workers are then terminated.
 */
export function runTasks(tasks: readonly SweepTask[], flags: ModelFlags, count: number, onRecord: (record: SweepRecord) => void): Promise<void> {
  if (tasks.length === 0) return Promise.resolve();
  const workers = Math.max(1, Math.min(count, tasks.length));
  return new Promise((resolve, reject) => {
    const pool: Worker[] = [];
    let next = 0;
    let done = 0;
    let failed = false;
    const stop = (e: Error): void => {
      if (failed) return;
      failed = true;
      for (const w of pool) void w.terminate();
      reject(e);
    };
    const feed = (w: Worker): void => {
      w.postMessage(next < tasks.length ? tasks[next++]! : null);
    };
    for (let i = 0; i < workers; i++) {
      const w = spawn(flags);
      pool.push(w);
      w.on('message', (m: FromWorker) => {
        if (failed) return;
        if ('error' in m) return stop(new WorkerTaskError(m.error));
        if ('record' in m) {
          try {
            onRecord(m.record);
          } catch (e) {
            return stop(e as Error);
          }
          if (++done === tasks.length) resolve();
        }
        feed(w);
      });
      w.on('error', (e) => stop(e));
      w.on('exit', (code) => {
        if (!failed && done < tasks.length && code !== 0) stop(new Error(`a worker thread exited with code ${code}`));
      });
    }
  });
}

/** A task failed inside a worker: `message` is the one-line error (a `BbpError` message for user errors). */
export class WorkerTaskError extends Error {}

// ---------------------------------------------------------------------------------------------------------
// Worker side

const setup = workerData as Partial<Setup> | null;
if (!isMainThread && parentPort !== null && setup?.bbpSimulate === true) {
  const port = parentPort;
  let model: ReturnType<typeof pointwiseFromFlags> | null = null;
  port.on('message', (task: SweepTask | null) => {
    if (task === null) {
      port.close();
      return;
    }
    try {
      model ??= pointwiseFromFlags(setup.flags!);
      port.postMessage({ record: runTask(task, model) } satisfies FromWorker);
    } catch (e) {
      port.postMessage({ error: (e as Error).message } satisfies FromWorker);
    }
  });
  port.postMessage({ ready: true } satisfies FromWorker);
}
