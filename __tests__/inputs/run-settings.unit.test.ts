// The run's family: what the step is (a ticket, a recovery, a sync) and how it behaves (dedupe,
// failed jobs, log lines, failing the step). A recovery and a sync open nothing, so they need no title
// and no requester.
import { describe, expect, it } from '@jest/globals'
import { InputError } from '../../src/inputs/problems.js'
import type { InputValues } from '../../src/inputs/read-inputs.js'
import { buildSettings, type SettingsOptions } from '../../src/inputs/settings.js'

const keys: InputValues = { api_key: 'k', api_secret: 's' }
const minimal: InputValues = { ...keys, title: 'Disk full', requester_euid: 'c1' }

async function problemsOf(values: InputValues, options?: SettingsOptions): Promise<string[]> {
  const err = await buildSettings(values, '/nonexistent', options).catch((e: unknown) => e)
  if (!(err instanceof InputError)) throw new Error(`expected an InputError, got ${String(err)}`)
  return err.problems
}

describe('mode and sync', () => {
  it('a ticket step by default: no sync, nothing closed or replied', async () => {
    expect(await buildSettings(minimal, '')).toMatchObject({
      mode: 'ticket',
      sync: undefined,
      closeIssues: false,
      syncReplies: false,
    })
  })

  it('a recovery or a sync needs no title and no requester; a requester_euid given is still read', async () => {
    expect(await buildSettings({ ...keys, mode: 'recovery' }, '')).toMatchObject({
      mode: 'recovery',
      title: '',
      requester: {},
    })
    expect(await buildSettings({ ...keys, sync: 'issues', close_issues: true, sync_replies: true }, '')).toMatchObject({
      mode: 'ticket',
      sync: 'issues',
      closeIssues: true,
      syncReplies: true,
      title: '',
      requester: {},
    })
    expect((await buildSettings({ ...keys, mode: 'recovery', requester_euid: 'c1' }, '')).requester).toEqual({
      euid: 'c1',
    })
  })

  it.each<[string, InputValues, string[]]>([
    [
      'an unknown mode (case counts)',
      { mode: 'Recovery' },
      ['mode: "Recovery" is not allowed. Allowed values: ticket, recovery.'],
    ],
    [
      'close_issues without sync',
      { close_issues: true },
      ['close_issues: applies only to the scheduled sync; set sync: issues in that step, or remove close_issues.'],
    ],
    [
      'both sync options without sync',
      { close_issues: true, sync_replies: true },
      [
        'close_issues: applies only to the scheduled sync; set sync: issues in that step, or remove close_issues.',
        'sync_replies: applies only to the scheduled sync; set sync: issues in that step, or remove sync_replies.',
      ],
    ],
    ['a sync option turned off without sync', { close_issues: false, sync_replies: false }, []],
    [
      'a flag that is no boolean',
      { sync: 'issues', close_issues: 'yes' },
      ['close_issues: "yes" is not allowed. Allowed values: true, false.'],
    ],
  ])('%s', async (_what, values, problems) => {
    const given = { ...minimal, ...values }
    if (problems.length === 0) await expect(buildSettings(given, '')).resolves.toBeDefined()
    else expect(await problemsOf(given)).toEqual(problems)
  })

  it('an unknown sync still opens nothing: only its own problem, no title or requester asked for', async () => {
    expect(await problemsOf({ ...keys, sync: 'all', close_issues: true })).toEqual([
      'sync: "all" is not allowed. Allowed values: issues.',
    ])
  })

  it('an unknown mode is a ticket step: it asks for the title and the requester too', async () => {
    expect(await problemsOf({ ...keys, mode: 'later' })).toEqual([
      'mode: "later" is not allowed. Allowed values: ticket, recovery.',
      'title: is required (or give a template whose front matter sets title).',
      "requester_euid: LiveDesk needs a requester. Set requester_euid (a contact's euid), or requester (a mapping with euid and/or channel_contacts).",
    ])
  })

  it('recovery and sync in one step is one problem, named first; dedupe: off is then named too', async () => {
    expect(await problemsOf({ ...keys, mode: 'recovery', sync: 'issues', dedupe: 'off' })).toEqual([
      'mode: recovery and sync: issues are two different steps; give one of them.',
      'mode: recovery finds the ticket through dedupe; it cannot with dedupe: off. Use dedupe: run or branch, or give a dedupe_key.',
    ])
  })
})

describe('what the run does', () => {
  it('defaults: context fields, failing the step, listing failed jobs with 30 log lines, dedupe by run', async () => {
    expect(await buildSettings(minimal, '')).toMatchObject({
      contextFields: true,
      failOnError: true,
      dryRun: false,
      failedJobs: true,
      logLines: 30,
      dedupe: 'run',
      dedupeKey: undefined,
      openAfter: 1,
    })
  })

  it('takes each value given', async () => {
    const settings = await buildSettings(
      {
        ...minimal,
        context_fields: false,
        fail_on_error: false,
        dry_run: true,
        failed_jobs: 'false',
        log_lines: ' 0 ',
        dedupe: 'branch',
        dedupe_key: ' nightly-main ',
      },
      '',
    )
    expect(settings).toMatchObject({
      contextFields: false,
      failOnError: false,
      dryRun: true,
      failedJobs: false,
      logLines: 0,
      dedupe: 'branch',
      dedupeKey: 'nightly-main',
    })
    expect((await buildSettings({ ...minimal, log_lines: '100', dedupe: 'off' }, '')).logLines).toBe(100)
  })

  it.each<[string, InputValues, string[]]>([
    [
      'log_lines over 100',
      { log_lines: '101' },
      ['log_lines: "101" is not allowed. Expected a whole number from 0 to 100.'],
    ],
    [
      'log_lines not whole',
      { log_lines: '2.5' },
      ['log_lines: "2.5" is not allowed. Expected a whole number from 0 to 100.'],
    ],
    [
      'failed_jobs: true',
      { failed_jobs: 'true' },
      ['failed_jobs: "true" is not allowed. Allowed values: auto, false.'],
    ],
    ['an unknown dedupe', { dedupe: 'job' }, ['dedupe: "job" is not allowed. Allowed values: run, branch, off.']],
    [
      'a dedupe_key of 201 characters',
      { dedupe_key: 'k'.repeat(201) },
      ['dedupe_key: must be one line of at most 200 characters, such as nightly-main.'],
    ],
    [
      'a dedupe_key of two lines',
      { dedupe_key: 'nightly\nmain' },
      ['dedupe_key: must be one line of at most 200 characters, such as nightly-main.'],
    ],
    ['a dedupe_key of 200 characters', { dedupe_key: 'k'.repeat(200) }, []],
    [
      'a recovery with dedupe: off',
      { mode: 'recovery', dedupe: 'off' },
      [
        'mode: recovery finds the ticket through dedupe; it cannot with dedupe: off. Use dedupe: run or branch, or give a dedupe_key.',
      ],
    ],
    ['a recovery with dedupe: off and a dedupe_key', { mode: 'recovery', dedupe: 'off', dedupe_key: 'nightly' }, []],
    [
      'a recovery with an unknown dedupe',
      { mode: 'recovery', dedupe: 'x' },
      ['dedupe: "x" is not allowed. Allowed values: run, branch, off.'],
    ],
    [
      'flags that are no booleans, in their order',
      { dry_run: 'si', context_fields: 'nope', fail_on_error: 'no' },
      [
        'context_fields: "nope" is not allowed. Allowed values: true, false.',
        'fail_on_error: "no" is not allowed. Allowed values: true, false.',
        'dry_run: "si" is not allowed. Allowed values: true, false.',
      ],
    ],
  ])('%s', async (_what, values, problems) => {
    const given = { ...minimal, ...values }
    if (problems.length === 0) await expect(buildSettings(given, '')).resolves.toBeDefined()
    else expect(await problemsOf(given)).toEqual(problems)
  })
})

describe('open_after', () => {
  const message = (n: string, dedupe: string) =>
    `open_after: ${n} counts this workflow's failed runs in a row on the branch, which dedupe: ${dedupe} does not read. Set dedupe: branch or give a dedupe_key, or set open_after: 1 (a ticket at the first failure).`

  it.each<[string, InputValues, number]>([
    ['with dedupe: branch', { open_after: '2', dedupe: 'branch' }, 2],
    ['with a dedupe_key (whatever dedupe says)', { open_after: ' 3 ', dedupe_key: 'nightly-main' }, 3],
    ['up to 20, the runs the memory lists', { open_after: '20', dedupe: 'branch' }, 20],
    ['1 with any dedupe', { open_after: '1', dedupe: 'off' }, 1],
    ['empty: 1', { open_after: '' }, 1],
  ])('%s', async (_what, values, openAfter) => {
    expect((await buildSettings({ ...minimal, ...values }, '')).openAfter).toBe(openAfter)
  })

  it.each<[string, InputValues, string[]]>([
    [
      '0',
      { open_after: '0', dedupe: 'branch' },
      ['open_after: "0" is not allowed. Expected a whole number from 1 to 20.'],
    ],
    [
      '21',
      { open_after: '21', dedupe: 'branch' },
      ['open_after: "21" is not allowed. Expected a whole number from 1 to 20.'],
    ],
    [
      'not whole',
      { open_after: '2.5', dedupe: 'branch' },
      ['open_after: "2.5" is not allowed. Expected a whole number from 1 to 20.'],
    ],
    [
      'negative',
      { open_after: '-2', dedupe: 'branch' },
      ['open_after: "-2" is not allowed. Expected a whole number from 1 to 20.'],
    ],
    [
      'a word',
      { open_after: 'two', dedupe: 'branch' },
      ['open_after: "two" is not allowed. Expected a whole number from 1 to 20.'],
    ],
    ["with dedupe: run (the default): a streak needs the branch's runs", { open_after: '2' }, [message('2', 'run')]],
    ['with dedupe: run given', { open_after: '3', dedupe: 'run' }, [message('3', 'run')]],
    ['with dedupe: off', { open_after: '2', dedupe: 'off' }, [message('2', 'off')]],
  ])('refused: %s', async (_what, values, problems) => {
    expect(await problemsOf({ ...minimal, ...values })).toEqual(problems)
  })
})

describe("an issue's mirror: the inputs about a workflow's failures do not apply", () => {
  const ISSUE_RECOVERY =
    'mode: recovery is for a step that runs when a build succeeds; the issue mirror keeps its ticket up to date itself.'
  const issueOpenAfter = (n: number) =>
    `open_after: ${n} counts a workflow's failed runs in a row; the issue mirror opens one ticket per issue. Remove open_after from this step.`

  it.each<[string, InputValues]>([
    ['the defaults', {}],
    ['open_after: 1', { open_after: '1' }],
  ])('accepted: %s', async (_what, values) => {
    expect(await buildSettings({ ...minimal, ...values }, '', { issue: true })).toMatchObject({
      mode: 'ticket',
      openAfter: 1,
    })
  })

  it.each<[string, InputValues, string[]]>([
    ['mode: recovery', { mode: 'recovery' }, [ISSUE_RECOVERY]],
    ['open_after: 2 with dedupe: branch', { open_after: '2', dedupe: 'branch' }, [issueOpenAfter(2)]],
    ['open_after: 20 with dedupe: run', { open_after: '20' }, [issueOpenAfter(20)]],
  ])('refused: %s', async (_what, values, problems) => {
    expect(await problemsOf({ ...minimal, ...values }, { issue: true })).toEqual(problems)
  })
})

describe('when_open', () => {
  const NOT_A_CHORE =
    'when_open: applies to a recurring chore, which a dedupe_key names (dedupe_key: access-review, say) or dedupe: branch keeps per branch: give the step one of them, or remove when_open.'
  const IN_A_RECOVERY =
    "when_open: applies to a step that opens a chore's ticket; mode: recovery opens none. Remove when_open."

  it.each<[string, InputValues, string | undefined]>([
    ['not given', { dedupe_key: 'access-review' }, undefined],
    ['empty', { when_open: ' ', dedupe: 'off' }, undefined],
    ['skip, with a dedupe_key', { when_open: 'skip', dedupe_key: 'access-review' }, 'skip'],
    [
      'new, with a dedupe_key and dedupe: off',
      { when_open: ' new ', dedupe_key: 'access-review', dedupe: 'off' },
      'new',
    ],
    ['note, with dedupe: branch', { when_open: 'note', dedupe: 'branch' }, 'note'],
  ])('%s', async (_what, values, whenOpen) => {
    expect((await buildSettings({ ...minimal, ...values }, '')).whenOpen).toBe(whenOpen)
  })

  it.each<[string, InputValues, string[]]>([
    [
      'a value not allowed (case counts)',
      { when_open: 'Skip', dedupe_key: 'access-review' },
      ['when_open: "Skip" is not allowed. Allowed values: note, skip, new.'],
    ],
    ['without a dedupe_key, with dedupe: run (the default)', { when_open: 'skip' }, [NOT_A_CHORE]],
    ['without a dedupe_key, with dedupe: off', { when_open: 'new', dedupe: 'off' }, [NOT_A_CHORE]],
    [
      'in a recovery, even with a dedupe_key',
      { mode: 'recovery', when_open: 'note', dedupe_key: 'k' },
      [IN_A_RECOVERY],
    ],
    ['in a recovery without a dedupe_key: named once', { mode: 'recovery', when_open: 'skip' }, [IN_A_RECOVERY]],
  ])('refused: %s', async (_what, values, problems) => {
    expect(await problemsOf({ ...minimal, ...values })).toEqual(problems)
  })
})
