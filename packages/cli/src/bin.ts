#!/usr/bin/env node
import { main } from './program.js';

const code = await main(process.argv);
if (code !== 0 || process.exitCode === undefined) process.exitCode = code;
