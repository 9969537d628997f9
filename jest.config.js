// Two kinds of test, one suite (`npm test`):
// - in-process: functions and the whole step (run() with the real runner, __fixtures__/step.ts)
//   against stand-ins on 127.0.0.1, in milliseconds; `npm run test:unit` runs these alone;
// - processes: dist/index.js run as the runner runs it (__tests__/bundle/), the release procedure on a
//   scratch clone, and GitHub's local runner: child processes, fewer and slower.
const shared = {
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
}

/** The test files that start processes of their own. */
const PROCESSES = [
  '<rootDir>/__tests__/bundle/',
  '<rootDir>/__tests__/docs/release.int.test.ts',
  '<rootDir>/__tests__/local-action.int.test.ts',
]

/** @type {import('jest').Config} */
export default {
  projects: [
    {
      ...shared,
      displayName: 'in-process',
      testMatch: ['<rootDir>/__tests__/**/*.test.ts'],
      testPathIgnorePatterns: ['/node_modules/', ...PROCESSES],
    },
    {
      ...shared,
      displayName: 'processes',
      testMatch: PROCESSES.map((path) => (path.endsWith('/') ? `${path}**/*.test.ts` : path)),
      // Which Node versions ran dist/index.js, said once at the end.
      globalTeardown: '<rootDir>/scripts/bundle-runtimes.mjs',
    },
  ],
  testTimeout: 30000,
  // The bundle's tests are CPU-bound child processes: two workers fit the 2-core machine.
  // `npm run test:unit` runs more: in-process tests mostly wait on 127.0.0.1 and on their deadlines.
  maxWorkers: 2,
}
