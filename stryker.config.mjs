// Mutation testing (`npm run test:mutation`, StrykerJS): would the unit tests notice a change in the
// pure decisions (the plan, the sync's plan, the memory's records, the inputs' checks)? Slow (about 80
// minutes on two cores the first time; later runs re-test only what changed), so not in CI.
// Run a part: `npm run test:mutation -- --mutate src/plan/history.ts`; all again: `-- --force`.
import { readFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import jestConfig from './jest.config.js'

/**
 * `file:first-last` for each named function of a module whose other functions read or write (found
 * by name, so the ranges follow edits): only the pure ones are mutated.
 */
function functionsOf(file, ...names) {
  const lines = readFileSync(file, 'utf8').split('\n')
  return names.map((name) => {
    const first = lines.findIndex((line) => new RegExp(`^(export )?(async )?function ${name}\\b`).test(line))
    const last = lines.findIndex((line, i) => i > first && line === '}')
    if (first < 0 || last < 0) throw new Error(`stryker.config.mjs: no function ${name} in ${file}`)
    return `${file}:${first + 1}-${last + 1}`
  })
}

// The in-process project of jest.config.js, on the unit tests of the mutated modules only.
const inProcess = jestConfig.projects.find((project) => project.displayName === 'in-process')

/** @type {import('@stryker-mutator/api/core').PartialStrykerOptions} */
export default {
  mutate: [
    'src/plan/chore.ts',
    'src/plan/decide.ts',
    'src/plan/failures-in-a-row.ts',
    'src/plan/history.ts',
    'src/plan/run-end.ts',
    'src/plan/streak.ts',
    'src/plan/ticket-request.ts',
    'src/sync/budget.ts',
    'src/sync/place.ts',
    'src/sync/words.ts',
    ...functionsOf('src/sync/issue.ts', 'decideNews', 'doubtAboutAuthors'),
    ...functionsOf(
      'src/sync/memory.ts',
      'statusWord',
      'broughtBack',
      'markAuthorsBesidesTheBot',
      'newsMark',
      'replyMark',
    ),
    ...functionsOf('src/sync/carry.ts', 'wasUpdated', 'afterFailedPost'),
    ...functionsOf('src/sync/plan.ts', 'writeIntervalMs'),
    'src/memory/scope.ts',
    'src/memory/signed-record.ts',
    ...functionsOf(
      'src/memory/earlier-runs.ts',
      'fromSameSource',
      'mayHoldRecord',
      'earlierRuns',
      'endedAt',
      'passedBefore',
    ),
    ...functionsOf('src/memory/issue-marker.ts', 'markerComment', 'findMarker', 'findTrustedMarker'),
    ...functionsOf('src/memory/records-memory.ts', 'newest'),
    // The inputs' checks; workspace-file.ts reads the workspace's files.
    'src/inputs/*.ts',
    '!src/inputs/workspace-file.ts',
  ],
  testRunner: 'jest',
  jest: {
    projectType: 'custom',
    // package.json holds no Jest config: the config is the one below, its rootDir the sandbox.
    configFile: 'package.json',
    config: {
      ...inProcess,
      testMatch: ['<rootDir>/__tests__/{plan,sync,memory,inputs}/**/*.unit.test.ts'],
    },
  },
  // Jest runs the tests as ES modules (as `npm test` does).
  testRunnerNodeArgs: ['--experimental-vm-modules', '--no-warnings=ExperimentalWarning'],
  coverageAnalysis: 'perTest',
  // The machine's two cores are shared.
  concurrency: 2,
  // The sandboxes live outside the tree, where no one else's Jest, ESLint or tsc walks into them.
  tempDirName: join(tmpdir(), 'livedesk-stryker'),
  ignorePatterns: ['.ci', 'dist', 'coverage', 'examples', '*.cpuprofile'],
  reporters: ['clear-text', 'progress', 'html', 'json'],
  htmlReporter: { fileName: 'reports/mutation/index.html' },
  jsonReporter: { fileName: 'reports/mutation/mutation.json' },
  // A second run tests only the mutants whose code or tests changed since the first.
  incremental: true,
  incrementalFile: 'reports/stryker-incremental.json',
  thresholds: { high: 90, low: 85, break: null },
}
