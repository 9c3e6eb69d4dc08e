/**
 * `bbp sgd simulate` (stub, being written).
 *
 * @module
 */
import type { Command } from 'commander';

/** Register `bbp sgd simulate` under `bbp sgd`. */
export function sgdSimulateCommand(_sgd: Command): void {}
