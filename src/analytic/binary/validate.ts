/**
 * Argument checks shared by the binary-network solvers (internal).
 *
 * @module
 * @internal
 */
import { fail, invalidArgument, notConverged } from '../../errors.js';

/** `alpha` (or another load) must be a positive finite number. @internal */
export function checkPositive(parameter: string, value: number): void {
  if (typeof value !== 'number' || !(value > 0) || !Number.isFinite(value)) fail(invalidArgument(parameter, value, 'a positive finite number'));
}

/** A margin must be a finite number ≥ 0. @internal */
export function checkMargin(parameter: string, value: number): void {
  if (typeof value !== 'number' || !(value >= 0) || !Number.isFinite(value)) fail(invalidArgument(parameter, value, 'a finite number >= 0'));
}

/** Raise `NotConverged` naming the saddle point and the parameters, unless `converged`. @internal */
export function checkConverged(
  what: string,
  result: { readonly converged: boolean; readonly iterations: number; readonly residual: number; readonly tolerance: number },
  parameters: Readonly<Record<string, number>>,
): void {
  if (result.converged) return;
  const at = Object.entries(parameters).map(([k, v]) => `${k} = ${v}`).join(', ');
  const why = Number.isFinite(result.residual)
    ? `residual ${result.residual} > tolerance ${result.tolerance} after ${result.iterations} iterations at ${at}`
    : `no replica-symmetric solution with q < 1 at ${at} (beyond the end of the solution branch)`;
  fail(
    notConverged(`${what} saddle point`, why, {
      iterations: result.iterations,
      residual: result.residual,
      tolerance: result.tolerance,
      ...parameters,
    }),
  );
}
