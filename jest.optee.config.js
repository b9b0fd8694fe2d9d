// npm run test:optee (optee-ta/qemu/test.sh): test/optee alone, against Triad TAs in real OP-TEE
// under QEMU. Commands in an emulated Cortex-A57 take longer than in ta-host, hence the timeout.
import base from './jest.config.js';

/** @type {import('jest').Config} */
export default {
  ...base,
  testMatch: ['<rootDir>/test/optee/**/*.test.ts'],
  testPathIgnorePatterns: ['/node_modules/', '/dist/'],
  testTimeout: 300_000,
};
