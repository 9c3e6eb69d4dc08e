/**
 * Special functions the expression evaluator needs and `Math` lacks (implemented in src/numeric/special).
 *
 * @module
 */
export { erf } from '../numeric/special/erf.js';
