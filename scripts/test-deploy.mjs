#!/usr/bin/env node
/**
 * `npm run test:deploy` (root): the deployment's checks, CI's step after `npm test`.
 *
 *   1. set-up as `npm test` does it, plus deploy/test/install-tools.sh (Ansible, debootstrap, ...)
 *   2. ansible-lint (production profile) and a syntax check of site.yml
 *   3. deploy/test/*.test.mjs: the playbook twice on three test hosts, the cluster it made, and
 *      clean-up (also after a crash)
 *
 * Ends with one line "deploy: N passed, M failed".
 */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { root, setUp, stage } from './setup.mjs';

const say = (title) => console.log(`\n== ${title}`);
setUp(say);
stage(say, 'deployment tools (apt)', 'sh', ['deploy/test/install-tools.sh']);

const ansible = join(root, 'deploy', 'ansible');
const inAnsibleDir = (title, cmd, args) => {
  say(title);
  const r = spawnSync(cmd, args, {
    cwd: ansible,
    stdio: ['ignore', 'inherit', 'inherit'],
    env: { ...process.env, ANSIBLE_CONFIG: join(ansible, 'ansible.cfg') },
  });
  return r.status === 0;
};
const lint = inAnsibleDir('ansible-lint (production profile)', 'ansible-lint', ['--offline']);
const syntax = inAnsibleDir('ansible-playbook --syntax-check', 'ansible-playbook', [
  '--syntax-check',
  'site.yml',
]);

say('deployment tests (jest, deploy/test)');
const jest = spawnSync(
  process.execPath,
  [
    '--experimental-vm-modules',
    '--no-warnings=ExperimentalWarning',
    'node_modules/jest/bin/jest.js',
    '--config',
    'deploy/test/jest.config.js',
    '--json',
    '--outputFile=build/jest-deploy.json',
  ],
  { cwd: root, stdio: 'inherit' },
);
let js = { numPassedTests: 0, numFailedTests: 1, numRuntimeErrorTestSuites: 0 };
try {
  js = JSON.parse(readFileSync(join(root, 'build', 'jest-deploy.json'), 'utf8'));
} catch {
  // no report: counted as one failure
}
const passed = js.numPassedTests + (lint ? 1 : 0) + (syntax ? 1 : 0);
const failed = js.numFailedTests + js.numRuntimeErrorTestSuites + (lint ? 0 : 1) + (syntax ? 0 : 1);
console.log(`\ndeploy: ${passed} passed, ${failed} failed`);
process.exit(jest.status === 0 && failed === 0 ? 0 : 1);
