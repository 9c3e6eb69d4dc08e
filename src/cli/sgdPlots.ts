/**
 * `bbp plot` figures of the SGD dynamics (stub, being written).
 *
 * @module
 */
import type { Command } from 'commander';

/** Register the SGD figures under `bbp plot`. */
export function sgdPlots(_plot: Command): void {}
