#!/usr/bin/env node
/**
 * The `codex-app-sdk` command-line program (package.json `bin`); see ./cli.ts. Built as its own
 * file, so nothing of it is in the library's import graph.
 *
 * @module
 */
import { main } from "./cli.js";

process.exitCode = main(process.argv.slice(2));
