#!/usr/bin/env node
// Entry point of the `bbp` executable (package.json "bin").
import { mainAsync } from './main.js';

// A command that reports a user mistake itself (on a worker thread) may already have set exitCode = 2.
void mainAsync(process.argv.slice(2)).then((status) => {
  if (status !== 0 || process.exitCode === undefined) process.exitCode = status;
});
