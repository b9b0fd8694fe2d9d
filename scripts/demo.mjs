#!/usr/bin/env node
/**
 * `npm run demo`: a validator's day on a local dev cluster (test/validator-day/demo.ts). The same
 * set-up as `npm start` (dependencies, build, ta-host), then the demo and the modules it shares
 * with the validator-day test, compiled into build/validator-day, and run.
 */
import { join } from 'node:path';
import { root, setUp, stage } from './setup.mjs';

const say = (title) => process.stderr.write(`[demo] ${title} ...\n`);
setUp(say);
stage(say, 'build the demo', 'npx', ['tsc', '-p', 'test/validator-day/tsconfig.demo.json']);
await import(join(root, 'build/validator-day/test/validator-day/demo.js'));
