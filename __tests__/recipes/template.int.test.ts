// Schedule: a ticket template (YAML front matter + Markdown body) rendered with the run's context,
// run through runStep() (in-process, or the bundle with RUN_BUNDLE=1), against the LiveDesk stand-in.
import { describe, expect, it } from '@jest/globals'
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { runStep } from '../../__fixtures__/step.js'
import { schedulePayload } from '../../__fixtures__/webhooks.js'
import type { GitHubContext } from '../../src/github/context.js'
import { mergeInputValues } from '../../src/inputs/read-inputs.js'
import { InputProblem } from '../../src/inputs/problems.js'
import { loadTemplate, renderText, splitFrontMatter, templateView } from '../../src/recipes/template.js'
import { KEY, SECRET, useLiveDesk } from '../../__fixtures__/stand-ins.js'

const desk = useLiveDesk()

const today = new Date().toISOString().slice(0, 10)

function workspaceWith(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'livedesk-template-'))
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(join(dir, path, '..'), { recursive: true })
    writeFileSync(join(dir, path), text)
  }
  return dir
}

const scheduleRun = (workspace: string, inputs: Record<string, string>, env: Record<string, string> = {}) =>
  runStep({
    inputs: { api_key: KEY, api_secret: SECRET, base_url: desk.url, failed_jobs: 'false', ...inputs },
    event: { name: 'schedule', payload: schedulePayload() },
    env: { GITHUB_EVENT_NAME: 'schedule', GITHUB_WORKFLOW: 'Weekly patching ticket', ...env },
    workspace,
  })

const TEMPLATE = `---
title: "Patching {{ github.repository }}: {{ date }}"
priority: high
ticket_type: task
assignment_team: Platform Operations
requester_euid: contact_ops
custom_fields:
  service: checkout
  window: "{{ env.PATCH_WINDOW }}"
  build: 010
---
## Patching for {{ github.repository }}

Run: {{ github.run_url }} ({{ github.workflow }}, {{ github.event_name }}) on {{ github.ref_name }} at {{ github.sha }} by {{ github.actor }}.
Raw: <b>&</b> "quotes"
`

describe('template, end to end', () => {
  it("renders the front matter values and the body with the run's context", async () => {
    const ws = workspaceWith({ '.github/livedesk/patching.md': TEMPLATE })
    const result = await scheduleRun(
      ws,
      { template: '.github/livedesk/patching.md' },
      { PATCH_WINDOW: 'Mon 10:00-12:00 UTC' },
    )
    expect(result.code).toBe(0)
    expect(result.outputs.status).toBe('created')
    const body = desk.creates()[0].body
    expect(body).toMatchObject({
      title: `Patching octo-org/checkout-service: ${today}`,
      priority: 'high',
      ticket_type: 'task',
      assignment_team: 'Platform Operations',
      requester: { euid: 'contact_ops' },
    })
    expect(body.custom_fields).toMatchObject({
      service: 'checkout',
      window: 'Mon 10:00-12:00 UTC',
      build: '010',
      github_event: 'schedule',
    })
    expect(body.description).toBe(
      '## Patching for octo-org/checkout-service\n\n' +
        'Run: https://github.com/octo-org/checkout-service/actions/runs/1658821493/attempts/1 (Weekly patching ticket, schedule) on main at ffac537e6cbbf934b08745a378932722df287a53 by octocat.\n' +
        'Raw: <b>&</b> "quotes"',
    )
  })

  it("explicit inputs win over the template's values", async () => {
    const ws = workspaceWith({ 't.md': TEMPLATE })
    const result = await scheduleRun(ws, {
      template: 't.md',
      title: 'Override',
      priority: 'low',
      description: 'Given in the workflow.',
      custom_fields: 'only: this',
    })
    expect(result.code).toBe(0)
    const body = desk.creates()[0].body
    expect(body.title).toBe('Override')
    expect(body.priority).toBe('low')
    expect(body.ticket_type).toBe('task')
    expect(body.description).toBe('Given in the workflow.')
    expect(body.custom_fields.only).toBe('this')
    expect(body.custom_fields.service).toBeUndefined()
  })

  it('a value with quotes, a colon or YAML syntax cannot break the front matter: values are rendered after parsing', async () => {
    const ws = workspaceWith({
      't.md': '---\ntitle: "{{ env.TITLE }}"\nrequester_euid: c\n---\nBody {{ env.TITLE }}\n',
    })
    const evil = 'x"\npriority: high\nrequester_euid: attacker: {a: 1}'
    const result = await scheduleRun(ws, { template: 't.md' }, { TITLE: evil })
    expect(result.code).toBe(0)
    const body = desk.creates()[0].body
    expect(body.title).toBe(evil)
    expect(body.priority).toBeUndefined()
    expect(body.requester).toEqual({ euid: 'c' })
  })

  it("bad front matter: fails with the path and the file's line, sends nothing", async () => {
    const ws = workspaceWith({
      '.github/livedesk/bad.md': '---\ntitle: ok\npriority: [high\nrequester_euid: c\n---\nbody\n',
    })
    const result = await scheduleRun(ws, { template: '.github/livedesk/bad.md' })
    expect(result.code).toBe(1)
    expect(result.outputs.status).toBe('failed')
    expect(desk.requests).toHaveLength(0)
    expect(result.stdout).toMatch(
      /::error title=LiveDesk ticket%3A invalid input::The LiveDesk ticket was not opened: template \.github\/livedesk\/bad\.md: line \d+: /,
    )
    const line = Number(/bad\.md: line (\d+)/.exec(result.stdout)?.[1])
    expect([3, 4]).toContain(line) // the unclosed "[" is on line 3; YAML notices it on line 4
  })

  it('a duplicate key in the front matter fails with its exact line in the file', async () => {
    const ws = workspaceWith({
      't.md': '---\ntitle: ok\nrequester_euid: c\ncustom_fields:\n  a: 1\n  a: 2\n---\nbody\n',
    })
    const result = await scheduleRun(ws, { template: 't.md' })
    expect(result.code).toBe(1)
    expect(desk.requests).toHaveLength(0)
    expect(result.stdout).toContain('template t.md: line 6: Map keys must be unique.')
  })

  it('an unquoted {{ at the start of a value: the error says to quote it', async () => {
    const ws = workspaceWith({ 't.md': '---\ntitle: {{ github.repository }} patching\nrequester_euid: c\n---\nbody\n' })
    const result = await scheduleRun(ws, { template: 't.md' })
    expect(result.code).toBe(1)
    expect(desk.requests).toHaveLength(0)
    expect(result.stdout).toMatch(
      /template t\.md: line 2: [^\n]*A value that starts with \{\{ must be quoted: title: "\{\{ github\.repository \}\} patching"\./,
    )
  })

  it('an unknown key in the front matter names its line', async () => {
    const ws = workspaceWith({ 't.md': '---\ntitle: ok\nrequester_euid: c\nprority: high\n---\n' })
    const result = await scheduleRun(ws, { template: 't.md' })
    expect(result.code).toBe(1)
    expect(desk.requests).toHaveLength(0)
    expect(result.stdout).toContain('template t.md: line 4: unknown key "prority". Allowed keys: title, priority')
  })

  it('a missing template fails with its path, sends nothing', async () => {
    const ws = workspaceWith({})
    const result = await scheduleRun(ws, { template: '.github/livedesk/missing.md', requester_euid: 'c' })
    expect(result.code).toBe(1)
    expect(desk.requests).toHaveLength(0)
    expect(result.stdout).toContain(
      'template: cannot read ".github/livedesk/missing.md" (no such file). Relative paths start at the workspace',
    )
  })
})

describe('front matter split (pure)', () => {
  it('returns the YAML, where it starts, and the body with its first line', () => {
    expect(splitFrontMatter('\uFEFF---\r\ntitle: a\r\n---\r\n\r\nBody\r\nmore\r\n', 'template t.md')).toEqual({
      frontMatter: 'title: a',
      firstLine: 2,
      body: 'Body\nmore',
      bodyLine: 5,
    })
    expect(splitFrontMatter('---\n---\n', 'template t.md')).toMatchObject({ frontMatter: '', firstLine: 2, body: '' })
  })

  it('refuses a file without front matter, or one never closed, naming line 1', () => {
    expect(() => splitFrontMatter('title: a\n', 'template t.md')).toThrow('template t.md: line 1: expected "---"')
    expect(() => splitFrontMatter('---\ntitle: a\nbody', 'template t.md')).toThrow(
      'template t.md: line 1: the front matter that starts here is never closed',
    )
  })
})

describe('rendering (pure)', () => {
  const ctx = {
    repository: 'o/r',
    runUrl: 'https://github.com/o/r/actions/runs/1',
    refName: 'main',
    sha: 'abc',
    actor: 'me',
    workflow: 'W',
    eventName: 'schedule',
    workspace: '/tmp',
  } as GitHubContext
  const view = templateView(
    ctx,
    { NAME: 'value', INPUT_API_SECRET: 'sk_secret', ACTIONS_RUNTIME_TOKEN: 't', GITHUB_TOKEN: 'g' },
    new Date('2026-03-02T23:59:00Z'),
  )

  it('fills every documented variable, with no HTML escaping', async () => {
    const text =
      '{{ date }} {{ github.repository }} {{ github.run_url }} {{ github.ref_name }} {{ github.sha }} {{ github.actor }} {{ github.workflow }} {{ github.event_name }} {{ env.NAME }} <&>'
    expect(await renderText(text, view, 'template t.md', 1)).toBe(
      '2026-03-02 o/r https://github.com/o/r/actions/runs/1 main abc me W schedule value <&>',
    )
  })

  it("gives no access to the step's inputs, the runner's tokens or object internals", async () => {
    const text =
      '[{{ env.INPUT_API_SECRET }}][{{ env.ACTIONS_RUNTIME_TOKEN }}][{{ env.GITHUB_TOKEN }}][{{ env.constructor }}][{{ github.__proto__ }}]'
    expect(await renderText(text, view, 'template t.md', 1)).toBe('[][][][][]')
  })

  it('a broken tag names the template and the line', async () => {
    await expect(renderText('line one\nline {{ two', view, 'template t.md', 7)).rejects.toThrow(
      new InputProblem('template t.md: line 8: Unclosed tag.'),
    )
  })

  it('loadTemplate turns the file into input values; the body becomes the description', async () => {
    const ws = workspaceWith({
      't.md':
        '---\ntitle: "{{ github.repository }}: x"\nattachments:\n  - https://files.example/{{ date }}.log\n---\nBody {{ env.NAME }}\n',
    })
    expect(await loadTemplate('t.md', ws, view)).toEqual({
      title: 'o/r: x',
      attachments: ['https://files.example/2026-03-02.log'],
      description: 'Body value',
    })
  })

  it('refuses inputs that have an action.yml default (the runner always sets them, so they would never apply)', async () => {
    const ws = workspaceWith({ 't.md': '---\ntitle: x\ncontext_fields: false\n---\n' })
    await expect(loadTemplate('t.md', ws, view)).rejects.toThrow('template t.md: line 3: unknown key "context_fields"')
  })
})

describe('merging (pure)', () => {
  it('the first layer wins, and a description or description_file replaces a lower description', () => {
    expect(
      mergeInputValues({ title: 'a' }, { title: 'b', priority: 'low' }, { priority: 'high', ticket_type: 'task' }),
    ).toEqual({ title: 'a', priority: 'low', ticket_type: 'task' })
    expect(mergeInputValues({ description_file: 'log.txt' }, {}, { description: 'from template' })).toEqual({
      description_file: 'log.txt',
    })
  })
})
