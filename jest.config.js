// Unit tests sit beside the code (src/**/*.spec.ts); integration and end-to-end tests in test/.
module.exports = {
  rootDir: '.',
  // A database and Redis prefix per test file, cloned from the run's migrated template (see docs/testing.md).
  testEnvironment: '<rootDir>/test/support/test-environment.ts',
  setupFilesAfterEnv: ['<rootDir>/test/support/network-guard.setup.ts'],
  moduleFileExtensions: ['ts', 'js', 'json'],
  testMatch: ['<rootDir>/src/**/*.spec.ts', '<rootDir>/test/**/*.test.ts'],
  // The fault suite has its own command (npm run test:faults, jest.faults.config.js).
  testPathIgnorePatterns: ['/node_modules/', '<rootDir>/test/faults/'],
  transform: { '^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.json', diagnostics: false }] },
  globalSetup: '<rootDir>/test/support/global-setup.ts',
  globalTeardown: '<rootDir>/test/support/global-teardown.ts',
  reporters: ['default', '<rootDir>/test/support/summary-reporter.js'],
  testTimeout: 30000,
  // One worker process, replaced after any file that leaves its heap above this: run in band, the suite's
  // heap grew past Node's 4 GB limit and aborted (V8 OOM, 2026-12-01, 84 of 124 files in).
  workerIdleMemoryLimit: '1GB',
};
