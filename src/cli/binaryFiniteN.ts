/**
 * `bbp binary enumerate|anneal|sbpi|…`: finite-N checks of binary networks (stub, being written).
 *
 * @module
 */
import type { Command } from 'commander';

/** Register the finite-N subcommands under `bbp binary`. */
export function binaryFiniteNCommands(_binary: Command): void {}

/** Register the finite-N figures under `bbp plot`. */
export function binaryFiniteNPlots(_plot: Command): void {}
