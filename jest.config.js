// Jest runs the TypeScript sources directly (ts-jest, ESM). Type checking is `npm run typecheck`'s
// job, so ts-jest only transpiles (isolatedModules) and stays fast.
/** @type {import('jest').Config} */
export default {
  testEnvironment: 'node',
  extensionsToTreatAsEsm: ['.ts'],
  testMatch: ['<rootDir>/packages/*/test/**/*.test.ts', '<rootDir>/test/**/*.test.ts'],
  // test/optee boots QEMU guests: its own run, npm run test:optee (jest.optee.config.js).
  testPathIgnorePatterns: ['/node_modules/', '/dist/', '<rootDir>/test/optee/'],
  modulePathIgnorePatterns: ['<rootDir>/build/', '<rootDir>/optee-ta/build/', '<rootDir>/bench/results/'],
  moduleNameMapper: {
    '^@triad/([a-z-]+)$': '<rootDir>/packages/$1/src/index.ts',
    '^@triad/([a-z-]+)/([a-z-]+)$': '<rootDir>/packages/$1/src/$2.ts',
    '^(\\.{1,2}/.*)\\.js$': '$1',
  },
  transform: {
    '^.+\\.ts$': ['ts-jest', { useESM: true, tsconfig: 'tsconfig.base.json' }],
  },
  testTimeout: 60_000,
};
