// What a step loads of dist/ (CONTRIBUTING.md, "Dependencies, and why"): index.js, and a lazily loaded chunk only
// for what the run uses. The bundle runs as the runner runs it, with the probe of `npm run bench`
// (scripts/bench-probe.mjs, loaded by runAction's `cpu`) recording every file its process loads.
import { describe, expect, it } from '@jest/globals'
import { mkdtempSync, readFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, relative } from 'node:path'
import { fileURLToPath } from 'node:url'
import { failureStep } from '../../__fixtures__/readme-steps.js'
import { BUNDLE, runAction } from '../../__fixtures__/run-action.mjs'
import { failedRunJobs } from '../../__fixtures__/run-jobs.js'
import { useGitHub, useLiveDesk } from '../../__fixtures__/stand-ins.js'

const desk = useLiveDesk()
const github = useGitHub()
const DIST = join(BUNDLE, '..')

/** The README's quick-start step as the bundle runs it: the files of dist/ its process loaded, in order. */
async function loadedBy(inputs: Record<string, string>): Promise<string[]> {
  const list = join(mkdtempSync(join(tmpdir(), 'livedesk-loaded-')), 'loaded')
  const quickStart = {
    priority: 'high',
    ticket_type: 'incident',
    assignment_team: 'Platform On-Call',
    custom_fields: 'service: checkout\nregion: eu-west\n',
  }
  const result = await runAction({
    ...failureStep({ desk, github }, { ...quickStart, ...inputs }, { env: { BENCH_LOADED_FILE: list } }),
    cpu: true,
  })
  expect(result.code).toBe(0)
  expect(result.outputs.status).toBe('created')
  const files = readFileSync(list, 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((url) => fileURLToPath(url))
  return [...new Set(files)].filter((file) => file.startsWith(DIST)).map((file) => relative(DIST, file))
}

describe('the chunks of dist/ a step loads', () => {
  it("a failure's ticket reads the run's jobs: @actions/github's chunks and zod's, never YAML, mustache or the proxy agent", async () => {
    github.state.jobs = failedRunJobs()
    const loaded = await loadedBy({})
    expect(loaded[0]).toBe('index.js')
    const lazy = loaded.slice(1).map((name) => readFileSync(join(DIST, name), 'utf8'))
    expect(lazy.some((text) => text.includes('octokit-core.js'))).toBe(true)
    expect(lazy.some((text) => text.includes('$ZodType'))).toBe(true)
    for (const text of lazy) expect(text).not.toMatch(/parseDocument|mustache|HttpsProxyAgent/)
  })

  it('without the jobs read (failed_jobs: false), index.js alone', async () => {
    expect(await loadedBy({ failed_jobs: 'false' })).toEqual(['index.js'])
  })
})
