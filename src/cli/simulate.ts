/**
 * `bbp simulate` and `bbp sweep`: finite-N Monte Carlo Hessian spectra (stub, being written).
 *
 * @module
 */
import type { Command } from 'commander';

/** Register `bbp simulate` and `bbp sweep` on the program. */
export function simulateCommands(_program: Command): void {}
