/**
 * One unit of finite-N work (an instance to enumerate or to solve), as plain structured-cloneable data, so
 * that a worker thread (see src/cli/binaryWorkers.ts) can run it from the checked settings alone.
 *
 * @module
 */
import { enumerationTask, type BinaryEnumerationInstance, type EnumerationSettings } from './enumerate.js';
import { solveTask, type BinarySolveInstance, type SolveSettings } from './solvers.js';

/** A task: enumerate or solve instance `index` of checked settings. @internal */
export type BinaryTask =
  | { readonly kind: 'enumerate'; readonly settings: EnumerationSettings; readonly index: number }
  | { readonly kind: 'solve'; readonly settings: SolveSettings; readonly index: number };

/** The result of a {@link BinaryTask}. @internal */
export type BinaryTaskResult = BinaryEnumerationInstance | BinarySolveInstance;

/** Run one task in the calling thread. @internal */
export function runBinaryTask(task: BinaryTask): BinaryTaskResult {
  return task.kind === 'enumerate' ? enumerationTask(task.settings, task.index) : solveTask(task.settings, task.index);
}
