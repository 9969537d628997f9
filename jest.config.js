// A test file says its kind in its name, and its kind chooses its project (`npm test` runs both):
// - in-process (`npm run test:unit`), in jest's own process:
//     *.unit.test.ts  functions, called with plain values;
//     *.int.test.ts   the whole step (run() with the real runner, __fixtures__/step.ts) or a module,
//                     against real servers on 127.0.0.1;
// - processes, child processes of their own, fewer and slower:
//     *.bundle.test.ts   dist/index.js run as the runner runs it (*.smoke.bundle.test.ts: a recipe's
//                        workflow of examples/ as written);
//     *.process.test.ts  other programs: the release procedure on a scratch clone, GitHub's local runner.
import { readdirSync } from 'node:fs'

const KINDS = { 'in-process': ['unit', 'int'], processes: ['bundle', 'process'] }

// A test file without a kind would run in neither project: refused, rather than skipped unseen.
const NAMES = Object.values(KINDS).flat()
const unkinded = readdirSync(new URL('./__tests__/', import.meta.url), { recursive: true })
  .map(String)
  .filter((file) => /\.test\.[cm]?[jt]sx?$/.test(file) && !NAMES.some((kind) => file.endsWith(`.${kind}.test.ts`)))
if (unkinded.length > 0)
  throw new Error(`A test file's name says its kind (*.${NAMES.join('.test.ts, *.')}.test.ts): ${unkinded.join(', ')}`)

const shared = {
  testEnvironment: 'node',
  extensionsToTreatAsEsm: ['.ts'],
  moduleNameMapper: {
    '^(\\.{1,2}/.*)\\.js$': '$1',
    // The same build-time stand-ins as tsconfig.json "paths" (see CONTRIBUTING.md, "Dependencies, and why"), so
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

/** @type {import('jest').Config} */
export default {
  projects: [
    {
      ...shared,
      displayName: 'in-process',
      testMatch: KINDS['in-process'].map((kind) => `<rootDir>/__tests__/**/*.${kind}.test.ts`),
    },
    {
      ...shared,
      displayName: 'processes',
      testMatch: KINDS.processes.map((kind) => `<rootDir>/__tests__/**/*.${kind}.test.ts`),
      // Which Node versions ran dist/index.js, said once at the end.
      globalTeardown: '<rootDir>/__fixtures__/bundle-runtimes.ts',
    },
  ],
  testTimeout: 30000,
  // The bundle's tests are CPU-bound child processes: two workers fit the 2-core machine.
  // `npm run test:unit` runs more: in-process tests mostly wait on 127.0.0.1 and on their deadlines.
  maxWorkers: 2,
}
