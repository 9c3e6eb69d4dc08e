/**
 * Binary networks at finite N (THEORY §9): seeded instances, exhaustive enumeration, simulated annealing,
 * SBPI and local-energy profiles. Core code: no Node APIs; the command line runs instances in worker threads.
 *
 * @module
 */
export { binaryInstance, binaryTrainingError } from './instances.js';
export type { BinaryProblem, BinaryInstanceSpec, BinaryInstance, BinaryInstanceEcho } from './instances.js';
export { binaryEnumerate } from './enumerate.js';
export type { BinaryEnumerationOptions, BinaryEnumerationInstance, BinaryEnumerationReport, BinaryEnumerationParameters } from './enumerate.js';
export type { BinaryAnnealOptions, BinarySolverRun } from './anneal.js';
export type { BinarySbpiOptions } from './sbpi.js';
export { binarySolve, binaryLocalEnergy } from './solvers.js';
export type { BinarySolveOptions, BinarySolveInstance, BinarySolveReport, BinaryLocalEnergyOptions, BinaryLocalEnergyProfile } from './solvers.js';
