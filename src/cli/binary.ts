/**
 * `bbp binary …`: binary overparametrized networks (THEORY §9) (stub, being written).
 *
 * @module
 */
import type { Command } from 'commander';
import { binaryFiniteNCommands } from './binaryFiniteN.js';
import { localEntropyCommands } from './localEntropy.js';

/** Register `bbp binary` and its subcommands on the program. */
export function binaryCommand(program: Command): void {
  const binary = program.command('binary').description('binary perceptrons and random features: replica theory, enumeration and solvers');
  binaryFiniteNCommands(binary);
  localEntropyCommands(binary);
}
