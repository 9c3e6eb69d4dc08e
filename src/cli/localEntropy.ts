/**
 * `bbp binary franz-parisi|alpha-le`: local entropy (stub, being written).
 *
 * @module
 */
import type { Command } from 'commander';

/** Register the local-entropy subcommands under `bbp binary`. */
export function localEntropyCommands(_binary: Command): void {}

/** Register the local-entropy figures under `bbp plot`. */
export function localEntropyPlots(_plot: Command): void {}
