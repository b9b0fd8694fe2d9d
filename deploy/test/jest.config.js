// `npm run test:deploy`: the deployment tests only (root, namespaces, debootstrap); the main
// suite (jest.config.js at the root) never picks them up.
import base from '../../jest.config.js';

/** @type {import('jest').Config} */
export default {
  ...base,
  rootDir: '../..',
  testMatch: ['<rootDir>/deploy/test/**/*.test.mjs'],
  maxWorkers: 1,
  testTimeout: 10 * 60_000,
};
