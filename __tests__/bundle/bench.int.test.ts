// A quick smoke test of `npm run bench`'s parts: the action and the floor open the same ticket
// from the same environment, the probe reports memory and CPU, and the profile summary adds up.
import { afterAll, beforeAll, expect, it } from '@jest/globals'
import { execFileSync } from 'node:child_process'
import { existsSync, readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { summarizeProfiles } from '../../scripts/bench-profile.mjs'
import { BUNDLE, quickStartInputs, ROOT, startBench, type Bench } from '../../scripts/bench-runs.mjs'

let bench: Bench
beforeAll(async () => {
  bench = await startBench()
})
afterAll(() => bench.close())

it('runs the action and the floor on one ticket, with peak RSS, CPU time and the files loaded', async () => {
  expect(existsSync(BUNDLE)).toBe(true)
  const step = bench.scenario('smoke', quickStartInputs(bench.desk.url))
  const action = await bench.runAction(step)
  const actionBody = bench.desk.requests.at(-1)?.raw
  const floor = await bench.runFloor(step)
  expect(bench.desk.requests.at(-1)?.raw).toBe(actionBody)
  for (const run of [action, floor]) {
    expect(run.code).toBe(0)
    expect(run.rssKiB).toBeGreaterThan(10_000)
    expect(run.cpuMs).toBeGreaterThan(0)
  }
  // A plain create reads the run's jobs (failed_jobs: auto), so it loads @actions/github's chunks and
  // zod's, which checks the answer's shape; YAML, mustache and the proxy agent are chunks it never reads.
  const loaded = await bench.loadedFiles(step, join(ROOT, 'dist'))
  expect(loaded[0].name).toBe('index.js')
  const lazy = loaded.slice(1).map((f) => readFileSync(join(ROOT, 'dist', f.name), 'utf8'))
  expect(lazy.some((text) => text.includes('octokit-core.js'))).toBe(true)
  expect(lazy.some((text) => text.includes('$ZodType'))).toBe(true)
  for (const text of lazy) expect(text).not.toMatch(/parseDocument|mustache|HttpsProxyAgent/)
  // Without the jobs read, index.js alone.
  const noJobs = bench.scenario('smoke-no-jobs', { ...quickStartInputs(bench.desk.url), failed_jobs: 'false' })
  expect((await bench.loadedFiles(noJobs, join(ROOT, 'dist'))).map((f) => f.name)).toEqual(['index.js'])

  const dir = join(bench.work, 'profile')
  await bench.runAction(step, { nodeFlags: ['--cpu-prof', '--cpu-prof-dir', dir] })
  const summary = summarizeProfiles(readdirSync(dir).map((f) => join(dir, f)))
  const sum = summary.groups.reduce((total, g) => total + g.ms, 0)
  expect(Math.abs(sum - summary.profiledMs)).toBeLessThan(summary.profiledMs * 0.1 + 1)
}, 20_000)

it('the far desk: the action and the bare POST open the same ticket over TLS, each connection paying its round trips', async () => {
  const far = await startBench({ far: { deskMs: 60, githubMs: 10 } })
  try {
    expect(far.deskUrl).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/)
    const step = far.scenario('far', quickStartInputs(far.deskUrl))
    const action = await far.runAction(step)
    const actionBody = far.desk.requests.at(-1)?.raw
    const floor = await far.runFloor(step)
    for (const run of [action, floor]) expect(run.code).toBe(0)
    expect(far.desk.requests.at(-1)?.raw).toBe(actionBody)
    // A new HTTPS connection: the TCP handshake, TLS, the request: three round trips before the answer.
    expect(floor.ms).toBeGreaterThanOrEqual(3 * 60)
    expect(action.githubCalls).toBe(3)
  } finally {
    await far.close()
  }
}, 30_000)

it('npm run bench:sync times a sync of 50 issues and counts its calls', () => {
  const out = execFileSync(process.execPath, [join(ROOT, 'scripts/bench-sync.mjs')], {
    env: { ...process.env, BENCH_SYNC_ROUNDS: '1' },
    encoding: 'utf8',
  })
  // The place (1 call: no earlier run), the newest issue, one page of issues, 50 pages of comments,
  // and for each of the 10 issues with news: a status, 2 replies and closing.
  expect(out).toMatch(/ms wall +\d+ ms CPU +[\d.]+ MiB peak RSS +GitHub 93 calls, LiveDesk 50$/m)
}, 60_000)
