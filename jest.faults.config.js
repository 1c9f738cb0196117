// `npm run test:faults`: fault and deployment tests (private PostgreSQL/Redis they start and break, processes
// run as PID 1, the compose file). Same setup as the main suite; kept apart because they stop servers and
// take minutes.
const base = require('./jest.config.js');

module.exports = {
  ...base,
  testMatch: ['<rootDir>/test/faults/**/*.test.ts'],
  testPathIgnorePatterns: ['/node_modules/'],
  testTimeout: 120000,
};
