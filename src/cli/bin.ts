#!/usr/bin/env node
// Entry point of the `bbp` executable (package.json "bin").
import { main } from './main.js';

process.exitCode = main(process.argv.slice(2));
