/**
 * `bbp plot` figures of binary networks (stub, being written).
 *
 * @module
 */
import type { Command } from 'commander';
import { binaryFiniteNPlots } from './binaryFiniteN.js';
import { localEntropyPlots } from './localEntropy.js';

/** Register the binary-network figures under `bbp plot`. */
export function binaryPlots(plot: Command): void {
  binaryFiniteNPlots(plot);
  localEntropyPlots(plot);
}
