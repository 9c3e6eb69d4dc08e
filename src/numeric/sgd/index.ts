/**
 * The finite-N one-pass SGD simulator (THEORY §8): exact initial order parameters, the seeded SGD loop, and
 * mean ± standard error over seeds.
 *
 * @module
 */
export {
  type SgdDivergence, type SgdRiskFunction, type SgdSimulationOptions, type SgdSimulationRun, sgdSimulate,
} from './simulate.js';
export { type SgdMeanAndError, type SgdSeedAverage, sgdSeedAverage } from './statistics.js';
