/**
 * `bbp sgd …`: one-pass SGD dynamics (THEORY §8) (stub, being written).
 *
 * @module
 */
import type { Command } from 'commander';
import { sgdSimulateCommand } from './sgdSimulate.js';

/** Register `bbp sgd` and its subcommands on the program. */
export function sgdCommand(program: Command): void {
  const sgd = program.command('sgd').description('one-pass SGD dynamics: high-dimensional ODEs and finite-N simulations');
  sgdSimulateCommand(sgd);
}
