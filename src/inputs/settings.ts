// inputs/ owns the step's inputs: read once, secrets masked, validated into Settings; it must not know GitHub's API, LiveDesk's HTTP or what the run will do.
// input values → settings: every value validated, every problem reported together in one InputError.
import { PRIORITIES, TICKET_TYPES, type Priority, type Requester, type TicketType } from '../livedesk/ticket.js'
import { readDescription } from './description.js'
import { clip, InputError, InputProblem } from './problems.js'
import type { InputName, InputValues } from './read-inputs.js'
import { parseRequester } from './requester.js'
import { clipUrl, DEFAULT_BASE_URL, hasUserInfo, parseServiceUrl, parseTicketUrlTemplate } from './service-url.js'
import { parseStructured, toTextMap, type Plain } from './structured-input.js'

export const MAX_CUSTOM_FIELDS = 2000
export const MAX_ATTACHMENTS = 50

export interface Settings {
  apiKey: string
  apiSecret: string
  githubToken: string
  baseUrl: URL
  title: string
  description: string
  /** Where the description came from, for the "nothing lost" summary. */
  descriptionFile?: string
  descriptionBytes: number
  descriptionTruncated: boolean
  priority?: Priority
  ticketType?: TicketType
  assignmentTeam?: string
  customFields: Record<string, string>
  contextFields: boolean
  requester: Requester
  submitterId?: string
  attachments: string[]
  timeoutMs: number
  maxRetries: number
  failOnError: boolean
  dryRun: boolean
  ticketUrlTemplate?: string
  failedJobs: boolean
  /** How many of a failed job's log lines (up to its first error) the ticket shows; 0: none. */
  logLines: number
  /** Which earlier ticket is this failure's: the run's attempts, the branch's runs, or none (off). */
  dedupe: 'run' | 'branch' | 'off'
  /** An explicit dedupe key (PagerDuty's dedup key): one open ticket per key across the workflow's runs. */
  dedupeKey?: string
  /** ticket: open or update the ticket; recovery: note on the open ticket that the failure is over. */
  mode: 'ticket' | 'recovery'
  /** issues: this run opens nothing; it brings the tickets' news back to the mirrored issues. */
  sync?: 'issues'
  /** With sync: close an issue (as completed) when its ticket is closed. */
  closeIssues: boolean
  /** With sync: post the desk members' replies on the issue. */
  syncReplies: boolean
}

/** Validates the merged input values; throws one InputError listing every problem. */
export async function buildSettings(values: InputValues, workspace: string): Promise<Settings> {
  const problems: string[] = []
  const attempt = async <T>(fn: () => T | Promise<T>, fallback: T): Promise<T> => {
    try {
      return await fn()
    } catch (err) {
      if (err instanceof InputProblem) {
        problems.push(err.message)
        return fallback
      }
      throw err
    }
  }
  const str = (name: InputName): string => {
    const v = values[name]
    if (v === undefined) return ''
    if (typeof v !== 'string') {
      problems.push(
        `${name}: expected text, got ${typeof v === 'boolean' ? 'true or false' : Array.isArray(v) ? 'a list' : 'a mapping'}.`,
      )
      return ''
    }
    return v.trim()
  }
  const structured = (name: InputName): Promise<Plain | undefined> => {
    const v = values[name]
    return attempt(
      () => (typeof v === 'string' ? parseStructured(name, v) : typeof v === 'boolean' ? String(v) : v),
      undefined,
    )
  }
  const bool = (name: InputName, fallback: boolean): boolean => {
    const v = values[name]
    if (v === undefined) return fallback
    if (typeof v === 'boolean') return v
    problems.push(
      `${name}: "${clip(typeof v === 'string' ? v.trim() : JSON.stringify(v))}" is not allowed. Allowed values: true, false.`,
    )
    return fallback
  }

  const apiKey = str('api_key')
  const apiSecret = str('api_secret')
  if (!apiKey) problems.push('api_key: is required. Pass it from a secret: api_key: ${{ secrets.LIVEDESK_API_KEY }}.')
  if (!apiSecret)
    problems.push('api_secret: is required. Pass it from a secret: api_secret: ${{ secrets.LIVEDESK_API_SECRET }}.')
  if (apiKey.includes(':')) problems.push('api_key: must not contain ":" (LiveDesk joins key and secret with ":").')

  // A recovery step and a sync open nothing: they need no title and no requester.
  const mode = choice('mode', str('mode'), ['ticket', 'recovery'] as const, 'ticket', problems)
  const sync = str('sync') === '' ? undefined : choice('sync', str('sync'), ['issues'] as const, 'issues', problems)
  const closeIssues = bool('close_issues', false)
  const syncReplies = bool('sync_replies', false)
  if (!sync) {
    for (const [name, on] of [
      ['close_issues', closeIssues],
      ['sync_replies', syncReplies],
    ] as const) {
      if (on)
        problems.push(`${name}: applies only to the scheduled sync; set sync: issues in that step, or remove ${name}.`)
    }
  } else if (mode === 'recovery') {
    problems.push('mode: recovery and sync: issues are two different steps; give one of them.')
  }
  const opensNothing = mode === 'recovery' || sync !== undefined
  const title = str('title')
  if (!title && !opensNothing) problems.push('title: is required (or give a template whose front matter sets title).')
  else if (title.length > 1000) problems.push(`title: is ${title.length} characters long; at most 1000 are allowed.`)

  const priority = oneOf('priority', str('priority'), PRIORITIES, problems)
  const ticketType = oneOf('ticket_type', str('ticket_type'), TICKET_TYPES, problems)
  const assignmentTeam = str('assignment_team') || undefined
  const submitterId = str('submitter_id') || undefined

  const customFields = await attempt(
    async () => toTextMap('custom_fields', await structured('custom_fields'), MAX_CUSTOM_FIELDS),
    {},
  )
  // A requester that does not parse is one problem, not also "LiveDesk needs a requester".
  const problemsBeforeRequester = problems.length
  const requesterValue = await structured('requester')
  const noRequester = opensNothing && requesterValue === undefined && !str('requester_euid')
  const requester =
    problems.length > problemsBeforeRequester || noRequester
      ? {}
      : await attempt(async () => parseRequester(requesterValue, str('requester_euid')), {})

  const description = await attempt(() => readDescription(str('description'), str('description_file'), workspace), {
    text: '',
    bytes: 0,
    truncated: false,
    file: undefined as string | undefined,
  })
  const attachments = await attempt(async () => parseAttachments(values.attachments), [])
  const baseUrl = await attempt(
    () => parseServiceUrl('base_url', str('base_url') || DEFAULT_BASE_URL),
    new URL(DEFAULT_BASE_URL),
  )
  const ticketUrlTemplate = await attempt(() => parseTicketUrlTemplate(str('ticket_url_template')), undefined)

  const timeoutSeconds = numberIn(
    'timeout_seconds',
    str('timeout_seconds') || String(TIMEOUT_SECONDS.fallback),
    TIMEOUT_SECONDS.min,
    TIMEOUT_SECONDS.max,
    false,
    problems,
  )
  const maxRetries = numberIn('max_retries', str('max_retries') || '3', 0, 10, true, problems)
  const logLines = numberIn('log_lines', str('log_lines') || '30', 0, 100, true, problems)
  const contextFields = bool('context_fields', true)
  const failOnError = bool('fail_on_error', true)
  const dryRun = bool('dry_run', false)
  const failedJobs = str('failed_jobs') || 'auto'
  if (failedJobs !== 'auto' && failedJobs !== 'false') {
    problems.push(`failed_jobs: "${clip(failedJobs)}" is not allowed. Allowed values: auto, false.`)
  }
  const dedupe = choice('dedupe', str('dedupe'), ['run', 'branch', 'off'] as const, 'run', problems)
  const dedupeKey = str('dedupe_key') || undefined
  if (dedupeKey !== undefined && (dedupeKey.length > 200 || clip(dedupeKey, 200) !== dedupeKey)) {
    problems.push('dedupe_key: must be one line of at most 200 characters, such as nightly-main.')
  }
  if (mode === 'recovery' && dedupe === 'off' && !dedupeKey) {
    problems.push(
      'mode: recovery finds the ticket through dedupe; it cannot with dedupe: off. Use dedupe: run or branch, or give a dedupe_key.',
    )
  }

  if (problems.length > 0) throw new InputError(problems)
  return {
    apiKey,
    apiSecret,
    githubToken: str('github_token'),
    baseUrl,
    title,
    description: description.text,
    descriptionFile: description.file,
    descriptionBytes: description.bytes,
    descriptionTruncated: description.truncated,
    priority,
    ticketType,
    assignmentTeam,
    customFields,
    contextFields,
    requester,
    submitterId,
    attachments,
    timeoutMs: Math.round(timeoutSeconds * 1000),
    maxRetries,
    failOnError,
    dryRun,
    ticketUrlTemplate,
    failedJobs: failedJobs === 'auto',
    logLines,
    dedupe,
    dedupeKey,
    mode,
    sync,
    closeIssues,
    syncReplies,
  }
}

function choice<T extends string>(
  name: string,
  value: string,
  allowed: readonly T[],
  fallback: T,
  problems: string[],
): T {
  if (value === '') return fallback
  if ((allowed as readonly string[]).includes(value)) return value as T
  problems.push(`${name}: "${clip(value)}" is not allowed. Allowed values: ${allowed.join(', ')}.`)
  return fallback
}

function oneOf<T extends string>(
  name: string,
  value: string,
  allowed: readonly T[],
  problems: string[],
): T | undefined {
  if (value === '') return undefined
  const lower = value.toLowerCase()
  if ((allowed as readonly string[]).includes(lower)) return lower as T
  problems.push(
    `${name}: "${clip(value)}" is not allowed. Allowed values: ${allowed.join(', ')} (or leave it empty for LiveDesk's default).`,
  )
  return undefined
}

function numberIn(name: string, value: string, min: number, max: number, integer: boolean, problems: string[]): number {
  const n = parseNumber(value, min, max, integer)
  if (n === undefined) {
    problems.push(
      `${name}: "${clip(value)}" is not allowed. Expected ${integer ? 'a whole number' : 'a number'} from ${min} to ${max}.`,
    )
    return min
  }
  return n
}

function parseNumber(value: string, min: number, max: number, integer: boolean): number | undefined {
  const n = Number(value)
  const pattern = integer ? /^\d+$/ : /^\d+(\.\d+)?$/
  return pattern.test(value) && n >= min && n <= max ? n : undefined
}

const TIMEOUT_SECONDS = { min: 1, max: 3600, fallback: 30 }

/**
 * timeout_seconds in ms, read by the same rule as buildSettings, for the one GitHub call made before
 * the settings exist (an issue re-read on a re-run); an invalid value gives the default here and its
 * error later.
 */
export function timeoutMsOf(values: InputValues): number {
  const given =
    typeof values.timeout_seconds === 'string'
      ? parseNumber(values.timeout_seconds.trim(), TIMEOUT_SECONDS.min, TIMEOUT_SECONDS.max, false)
      : undefined
  return Math.round((given ?? TIMEOUT_SECONDS.fallback) * 1000)
}

async function parseAttachments(value: string | boolean | Plain | undefined): Promise<string[]> {
  let list: Plain | undefined = typeof value === 'boolean' ? String(value) : value
  if (typeof value === 'string') {
    const trimmed = value.trim()
    list =
      trimmed.startsWith('[') || trimmed.startsWith('- ')
        ? await parseStructured('attachments', trimmed)
        : trimmed
            .split(/\r?\n/)
            .map((l) => l.trim())
            .filter((l) => l !== '')
  }
  if (list === undefined || list === '') return []
  if (!Array.isArray(list) || list.some((item) => typeof item !== 'string')) {
    throw new InputProblem('attachments: expected file URLs, one per line or as a YAML list.')
  }
  if (list.length > MAX_ATTACHMENTS) {
    throw new InputProblem(`attachments: ${list.length} given; at most ${MAX_ATTACHMENTS} are allowed.`)
  }
  for (const url of list as string[]) {
    let parsed: URL | undefined
    try {
      parsed = new URL(url)
    } catch {
      parsed = undefined
    }
    if (hasUserInfo(url) || parsed?.username || parsed?.password) {
      throw new InputProblem(
        `attachments: "${clipUrl(url)}" must not contain a user name or password; give a link LiveDesk can fetch without one (a pre-signed URL, say).`,
      )
    }
    if (!parsed || parsed.protocol !== 'https:') {
      throw new InputProblem(
        `attachments: "${clipUrl(url)}" is not an https:// URL. Each attachment is the URL of a file LiveDesk can fetch.`,
      )
    }
  }
  return list as string[]
}
