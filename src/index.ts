/**
 * bbpkit: Hessian spectra and BBP transitions of teacher–student networks at initialization.
 *
 * The curated public API; see the guide in docs/guide for how the pieces fit.
 *
 * @document ../docs/guide/getting-started.md
 * @document ../docs/guide/concepts.md
 * @document ../docs/guide/how-to.md
 * @document ../docs/guide/sgd.md
 * @document ../docs/guide/sgd-simulation.md
 * @document ../docs/guide/binary.md
 * @document ../docs/guide/local-entropy.md
 * @document ../docs/guide/binary-solvers.md
 * @document ../docs/guide/cli.md
 * @module
 */
export * from './errors.js';
export * from './theory.js';
export * from './analytic/quadraticModel.js';
export * from './numeric/spectral/vertex.js';
export * from './numeric/spectral/solver.js';
export * from './numeric/spectral/density.js';
export * from './numeric/spectral/moments.js';
export * from './numeric/quadrature/gammaLogRule.js';
export * from './analytic/series.js';
export * from './dsl/index.js';
export * from './analytic/compile.js';
export * from './analytic/vertexLaw.js';
export * from './analytic/cMin.js';
export * from './analytic/pointwise.js';
export * from './analytic/modelSymbols.js';
export * from './numeric/quadrature/gaussianRule.js';
export * from './analytic/matrixVertex.js';
export * from './numeric/spectral/matrix/law.js';
export * from './numeric/spectral/matrix/solver.js';
export * from './numeric/spectral/matrix/iterate.js';
export * from './numeric/spectral/matrix/qmc.js';
export type { MeanAndStandardError } from './numeric/statistics.js';
export * from './numeric/linalg/operator.js';
export * from './numeric/linalg/lanczos.js';
export * from './numeric/montecarlo/hessianOperator.js';
export * from './numeric/linalg/symmetricEigen.js';
export { sampleProblem, type Problem, type ProblemParameters } from './numeric/montecarlo/problem.js';
export { quadraticReferenceModel, type PointwiseModel, type QuadraticReferenceOptions } from './numeric/montecarlo/pointwiseModel.js';
export * from './simulation.js';
export * from './sgd.js';
export * from './binary.js';
export * from './numeric/linalg/spectralDensity.js';
export * from './numeric/sgd/index.js';
export * from './numeric/binary/index.js';
export * from './localEntropy.js';
export * from './numeric/spectral/matrix/density.js';
