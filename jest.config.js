/** @type {import('jest').Config} */
export default {
  testEnvironment: 'node',
  extensionsToTreatAsEsm: ['.ts'],
  moduleNameMapper: {
    '^(\\.{1,2}/.*)\\.js$': '$1',
    // The same build-time stand-ins as tsconfig.json "paths" (see the README's "Dependencies"), so
    // in-process tests load the toolkit as the bundle does.
    '^@actions/http-client$': '<rootDir>/src/runner/toolkit-stubs/http-client.ts',
    '^@actions/http-client/lib/auth$': '<rootDir>/src/runner/toolkit-stubs/http-client-auth.ts',
    '^@actions/exec$': '<rootDir>/src/runner/toolkit-stubs/exec.ts',
    '^undici$': '<rootDir>/src/runner/toolkit-stubs/undici.ts',
    '^@octokit/plugin-rest-endpoint-methods$': '<rootDir>/src/runner/toolkit-stubs/rest-endpoint-methods.ts',
  },
  transform: {
    '^.+\\.ts$': ['ts-jest', { useESM: true, tsconfig: 'tsconfig.json' }],
  },
  testMatch: ['<rootDir>/__tests__/**/*.test.ts'],
  testTimeout: 30000,
  // End-to-end tests run dist/index.js as child processes; two workers fit the 2-core machine.
  maxWorkers: 2,
}
