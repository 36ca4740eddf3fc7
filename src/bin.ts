#!/usr/bin/env node
// The `biblio-kg` executable: runs the command line with the process's streams and sets the exit code.
import { runCli } from './cli.js';

process.exitCode = await runCli(process.argv.slice(2), { stdout: process.stdout, stderr: process.stderr });
