// Three projects: pure unit tests, integration tests over real HTTP/Redis/SQLite, and the store contract.
/** @type {import('jest').Config} */
const transform = { '^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.json' }] };

const project = (name) => ({
  displayName: name,
  testEnvironment: 'node',
  transform,
  testMatch: [`<rootDir>/test/${name}/**/*.test.ts`],
});

module.exports = {
  projects: [project('unit'), project('integration'), project('contract')],
  testTimeout: 20000,
};
