// Four projects: pure unit tests, integration tests over real HTTP/Redis/SQLite, the store contract, and
// fault tests (a Redis of their own frozen, killed and restarted under traffic).
/** @type {import('jest').Config} */
const transform = { '^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.json' }] };

const project = (name) => ({
  displayName: name,
  testEnvironment: 'node',
  transform,
  testMatch: [`<rootDir>/test/${name}/**/*.test.ts`],
});

module.exports = {
  projects: [project('unit'), project('integration'), project('contract'), project('faults')],
  testTimeout: 20000,
};
