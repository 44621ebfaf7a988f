#!/usr/bin/env node
// The `herald` command: runs the compiled CLI (`pnpm build` first).
import { main } from '../dist/main.js';

process.exitCode = await main(process.argv.slice(2), process.env, process.cwd());
