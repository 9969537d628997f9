// Files that fail or lie (runStep(): in-process, or the bundle with RUN_BUNDLE=1): the runner's own files on a full
// disk or in a missing folder; description_file and template that are special files or lead outside
// the workspace. Nothing is lost, nothing hangs, nothing outside the workspace is read.
import { describe, expect, it } from '@jest/globals'
import { mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { runStep, type RunOptions, type RunResult } from '../../__fixtures__/step.js'
import { useLiveDesk, plainStep } from '../../__fixtures__/stand-ins.js'
import { errorLines, STACK } from '../../__fixtures__/step-log.js'
import { itRefusesNotRegularFiles } from '../../__fixtures__/special-files.js'

const desk = useLiveDesk()

const base = (): Record<string, string> => plainStep(desk)
const run = (inputs: Record<string, string>, extra: Omit<RunOptions, 'inputs'> = {}): Promise<RunResult> =>
  runStep({ inputs: { ...base(), ...inputs }, ...extra })

const lines = (r: RunResult): string[] => r.visibleLog.split('\n')

describe("the runner's own files fail (a full disk, a missing folder, a folder)", () => {
  const missing = join(tmpdir(), 'livedesk-no-such-folder', 'file')
  const folder = mkdtempSync(join(tmpdir(), 'livedesk-a-folder-'))
  const places: [string, string][] = [
    ['a full disk', '/dev/full'],
    ['a missing folder', missing],
    ['a folder', folder],
  ]

  describe.each(places)('on %s', (_what, file) => {
    it('GITHUB_OUTPUT: the ticket id is logged first, then a warning names the file and says the ticket exists; exit 0, one POST', async () => {
      const result = await run({}, { env: { GITHUB_OUTPUT: file } })
      expect(result.code).toBe(0)
      expect(desk.creates()).toHaveLength(1)
      const ticketId = [...desk.tickets.keys()][0]
      const opened = lines(result).findIndex((l) => l.startsWith(`Opened LiveDesk ticket ${ticketId}`))
      const warning = lines(result).findIndex((l) => l.startsWith('::warning'))
      expect(opened).toBeGreaterThan(-1)
      expect(warning).toBeGreaterThan(opened)
      expect(lines(result)[warning]).toContain(
        `LiveDesk ticket ${ticketId} was opened, but the step's outputs could not be written to GITHUB_OUTPUT (${file})`,
      )
      expect(errorLines(result)).toEqual([])
      expect(result.visibleLog).not.toMatch(STACK)
      expect(result.summary).toContain('### LiveDesk ticket opened')
    })

    it('GITHUB_STEP_SUMMARY: a warning names the file and says the ticket exists; outputs are written; exit 0', async () => {
      const result = await run({}, { env: { GITHUB_STEP_SUMMARY: file } })
      expect(result.code).toBe(0)
      const ticketId = [...desk.tickets.keys()][0]
      expect(result.outputs).toEqual({ ticket_id: ticketId, status: 'created' })
      expect(result.visibleLog).toContain(
        `LiveDesk ticket ${ticketId} was opened, but the job summary could not be written to GITHUB_STEP_SUMMARY (${file})`,
      )
      expect(errorLines(result)).toEqual([])
      expect(result.visibleLog).not.toMatch(STACK)
    })

    it('both, and LiveDesk refuses the ticket: one error line, and what the summary would hold is in the log', async () => {
      desk.overrides.push((_req, res) => {
        res.writeHead(422, { 'content-type': 'application/json' })
        res.end(JSON.stringify({ code: 3003, message: 'assignment_team does not exist' }))
      })
      const result = await run(
        { description: 'Everything needed to file it by hand' },
        { env: { GITHUB_OUTPUT: file, GITHUB_STEP_SUMMARY: file } },
      )
      expect(result.code).toBe(1)
      expect(desk.creates()).toHaveLength(1)
      expect(errorLines(result)).toHaveLength(1)
      expect(errorLines(result)[0]).toContain('LiveDesk refused the request.')
      expect(result.visibleLog).toContain(`The job summary could not be written to GITHUB_STEP_SUMMARY (${file})`)
      // Nothing lost: the summary's text, to file the ticket by hand, is in the log instead.
      expect(result.visibleLog).toContain('### LiveDesk ticket NOT opened')
      expect(result.visibleLog).toContain('Everything needed to file it by hand')
      expect(result.visibleLog).not.toMatch(STACK)
    })

    it('both, and the inputs are invalid: one error line naming the inputs, no stack trace', async () => {
      const result = await run({ priority: 'urgent' }, { env: { GITHUB_OUTPUT: file, GITHUB_STEP_SUMMARY: file } })
      expect(result.code).toBe(1)
      expect(desk.requests).toHaveLength(0)
      expect(errorLines(result)).toHaveLength(1)
      expect(errorLines(result)[0]).toContain('priority: "urgent" is not allowed')
      expect(result.visibleLog).not.toMatch(STACK)
    })

    it('both, in a dry run: the request is in the log, a warning for the files, exit 0', async () => {
      const result = await run({ dry_run: 'true' }, { env: { GITHUB_OUTPUT: file, GITHUB_STEP_SUMMARY: file } })
      expect(result.code).toBe(0)
      expect(desk.requests).toHaveLength(0)
      expect(result.visibleLog).toContain('"Authorization": "Basic ***"')
      expect(result.visibleLog).toContain('GITHUB_STEP_SUMMARY')
      expect(errorLines(result)).toEqual([])
      expect(result.visibleLog).not.toMatch(STACK)
    })
  })
})

describe('description_file and template that are not regular files are refused by name, at once', () => {
  // A named pipe and /dev/stdin are on the bundle (__tests__/bundle/process-inputs.bundle.test.ts).
  itRefusesNotRegularFiles('in-process', { desk, run })
})

describe("relative paths stay inside the workspace, symlinks followed; absolute paths are the workflow's own", () => {
  const root = mkdtempSync(join(tmpdir(), 'livedesk-root-'))
  const workspace = join(root, 'ws')
  const outside = join(root, 'outside')
  mkdirSync(workspace)
  mkdirSync(outside)
  mkdirSync(join(workspace, 'docs'))
  const secret = 'SECRET-FILE-CONTENT-7731'
  writeFileSync(join(outside, 'secret.md'), `---\ntitle: ${secret}\n---\n${secret}\n`)
  writeFileSync(join(workspace, 'docs', 'ok.md'), '---\ntitle: Inside\n---\nInside the workspace\n')
  symlinkSync(join(outside, 'secret.md'), join(workspace, 'link-out.md'))
  symlinkSync(outside, join(workspace, 'dir-out'))
  symlinkSync(join(workspace, 'link-out.md'), join(workspace, 'chain.md'))
  symlinkSync('docs/ok.md', join(workspace, 'link-in.md'))

  const refused: [string, string][] = [
    ['../ leading out', '../outside/secret.md'],
    ['../ in the middle', 'docs/../../outside/secret.md'],
    ['a symlink to a file outside', 'link-out.md'],
    ['a symlink to a folder outside', 'dir-out/secret.md'],
    ['a chain of symlinks ending outside', 'chain.md'],
  ]
  describe.each(['description_file', 'template'])('%s', (input) => {
    it.each(refused)('%s is refused, naming the input; the file is never read', async (_what, path) => {
      const result = await run({ [input]: path }, { workspace })
      expect(result.code).toBe(1)
      expect(desk.requests).toHaveLength(0)
      expect(errorLines(result)[0]).toContain(`${input}: "${path}" leads outside the workspace`)
      expect(result.visibleLog + result.summary).not.toContain(secret)
    })

    it('a relative path inside, and a symlink that stays inside, work', async () => {
      for (const path of ['docs/ok.md', 'link-in.md', './docs/../docs/ok.md']) {
        desk.reset()
        const result = await run({ [input]: path }, { workspace })
        expect([path, result.code]).toEqual([path, 0])
        expect(desk.creates()[0].body.description).toContain('Inside the workspace')
      }
    })

    it('an absolute path outside the workspace (a log under RUNNER_TEMP, say) works', async () => {
      const result = await run({ [input]: join(outside, 'secret.md') }, { workspace })
      expect(result.code).toBe(0)
      expect(desk.creates()[0].body.description).toContain(secret)
    })
  })
})
