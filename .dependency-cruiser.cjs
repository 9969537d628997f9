// The house's walls, checked in CI (npm run boundaries): what each folder of src/ may import.
// Data flows one way: inputs → plan → execute → report; livedesk/ and the GitHub side (github/,
// recipes/) never know each other; http/, text/ and runner/ know nothing of the rest.
/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    { name: 'no-circular', severity: 'error', comment: 'No import loops.', from: {}, to: { circular: true } },
    {
      name: 'no-orphans',
      severity: 'error',
      comment: 'Every module is used (the toolkit stand-ins are reached through tsconfig "paths" from node_modules).',
      from: { orphan: true, pathNot: ['\\.d\\.ts$', '^src/runner/toolkit-stubs/'] },
      to: {},
    },
    {
      name: 'no-entry-imports',
      severity: 'error',
      comment: 'Nothing imports the entry point or main.ts, but index.ts imports main.ts.',
      from: { pathNot: '^src/index\\.ts$' },
      to: { path: '^src/(index|main)\\.ts$' },
    },
    {
      name: 'livedesk-knows-no-github',
      severity: 'error',
      comment: 'livedesk/ knows LiveDesk only: HTTP and text, nothing of GitHub, the recipes, the inputs or the run.',
      from: { path: '^src/livedesk/' },
      to: { path: '^src/(?!livedesk/|http/|text/)' },
    },
    {
      name: 'github-side-knows-no-livedesk',
      severity: 'error',
      comment: 'github/ and recipes/ know nothing of LiveDesk.',
      from: { path: '^src/(github|recipes)/' },
      to: { path: '^src/livedesk/' },
    },
    {
      name: 'github-knows-only-http',
      severity: 'error',
      comment: 'github/ is the GitHub API and context: it uses http/ and text/, nothing above it.',
      from: { path: '^src/github/' },
      to: { path: '^src/(?!github/|http/|text/)' },
    },
    {
      name: 'foundations-know-nothing',
      severity: 'error',
      comment:
        'http/, text/ and runner/ are the ground floor: they import nothing else of src/ but text/, which imports nothing.',
      from: { path: '^src/(http|text|runner)/' },
      to: { path: '^src/', pathNot: ['^src/$1/', '^src/text/'] },
    },
    {
      name: 'inputs-flow-down',
      severity: 'error',
      comment: 'inputs/ comes first: it knows nothing of GitHub, the recipes, the memory, the plan or what follows.',
      from: { path: '^src/inputs/' },
      to: { path: '^src/(github|recipes|memory|plan|execute|report|sync|http)/', pathNot: '^src/http/loopback\\.ts$' },
    },
    {
      name: 'recipes-and-memory-do-not-decide',
      severity: 'error',
      comment: 'recipes/ and memory/ serve the plan; they never reach up to it or beyond.',
      from: { path: '^src/(recipes|memory)/' },
      to: { path: '^src/(plan|execute|report)/' },
    },
    {
      name: 'the-ticket-path-knows-no-sync',
      severity: 'error',
      comment:
        'The sync is a slice of its own (src/sync/): only main.ts dispatches to it, once; no other room knows it exists.',
      from: { path: '^src/', pathNot: ['^src/sync/', '^src/main\\.ts$'] },
      to: { path: '^src/sync/' },
    },
    {
      name: 'main-enters-the-sync-by-its-door',
      severity: 'error',
      comment: 'main.ts enters the sync through sync/run.ts alone.',
      from: { path: '^src/main\\.ts$' },
      to: { path: '^src/sync/', pathNot: '^src/sync/run\\.ts$' },
    },
    {
      name: 'the-sync-is-no-ticket',
      severity: 'error',
      comment:
        "The sync reads and writes issues from tickets; the ticket path's plan, executor and report are not its own.",
      from: { path: '^src/sync/' },
      to: { path: '^src/(plan|execute|report|recipes)/' },
    },
    {
      name: 'plan-writes-nothing',
      severity: 'error',
      comment: 'The plan is made before any side effect: it knows nothing of the executor or the report.',
      from: { path: '^src/plan/' },
      to: { path: '^src/(execute|report)/' },
    },
    {
      name: 'execute-does-not-report',
      severity: 'error',
      comment: 'The executor acts; the words come after, in report/.',
      from: { path: '^src/execute/' },
      to: { path: '^src/report/' },
    },
    {
      name: 'only-the-runner-edge-uses-core',
      severity: 'error',
      comment: 'runner/runner.ts is the only module that talks to @actions/core (tests inject a fake runner).',
      from: { path: '^src/', pathNot: '^src/runner/' },
      to: { path: '@actions/core' },
    },
    {
      name: 'only-github-uses-octokit',
      severity: 'error',
      comment: '@actions/github is loaded by github/ only.',
      from: { path: '^src/', pathNot: '^src/github/' },
      to: { path: '@actions/github|@octokit' },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'default', 'types'],
    },
    reporterOptions: {
      mermaid: { minify: false },
    },
  },
}
