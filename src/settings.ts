// inputs → settings: every input read once, secrets masked at once, every problem reported together.
import { InputError } from './errors.js'
import type { Runner } from './runner.js'
import { clip, InputProblem, isMapping, parseStructured, toTextMap, type Plain } from './structured-input.js'
import { readDescription } from './description.js'
import { DEFAULT_BASE_URL, parseServiceUrl, parseTicketUrlTemplate } from './service-url.js'

export const PRIORITIES = ['high', 'medium', 'low'] as const
export const TICKET_TYPES = ['problem', 'incident', 'question', 'task'] as const
export type Priority = (typeof PRIORITIES)[number]
export type TicketType = (typeof TICKET_TYPES)[number]

export const MAX_CUSTOM_FIELDS = 2000
export const MAX_ATTACHMENTS = 50

/** Every input action.yml declares. Secrets first: they are read and masked before anything else. */
export const INPUT_NAMES = [
  'api_key', 'api_secret', 'github_token',
  'title', 'description', 'description_file', 'template',
  'priority', 'ticket_type', 'assignment_team', 'custom_fields', 'context_fields',
  'requester_euid', 'requester', 'submitter_id', 'attachments',
  'base_url', 'timeout_seconds', 'max_retries', 'fail_on_error', 'dry_run',
  'ticket_url_template', 'failed_jobs',
] as const
export type InputName = (typeof INPUT_NAMES)[number]

/** The inputs read with getBooleanInput: `True`/`FALSE` as in every action, empty meaning the default. */
export const BOOLEAN_INPUTS: ReadonlySet<InputName> = new Set(['context_fields', 'fail_on_error', 'dry_run'])

/**
 * Input values by name: text from `with:`, booleans read by the toolkit, or already-parsed values from
 * a template's front matter. A boolean input that is no boolean stays text, so its problem is listed
 * with all the others.
 */
export type InputValues = Partial<Record<InputName, string | boolean | Plain>>

export interface Requester {
  euid?: string
  channel_contacts?: {
    channel_id: string
    contact_id: string
    sub_contact_id?: string
    followers?: { id: string; name?: string }[]
  }
}

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
}

/** Reads every input once and masks the secrets before anything can print them. */
export function readInputValues(runner: Runner): InputValues {
  const values: InputValues = {}
  for (const name of INPUT_NAMES) {
    const value = runner.getInput(name)
    if (value === '') continue
    values[name] = value
    if (BOOLEAN_INPUTS.has(name)) {
      try {
        values[name] = runner.getBooleanInput(name)
      } catch {
        /* not a YAML 1.2 boolean: buildSettings names the input and the allowed values */
      }
    }
  }
  const key = text(values.api_key)
  const secret = text(values.api_secret)
  for (const s of [key, secret, text(values.github_token)]) if (s) runner.setSecret(s)
  if (key && secret) {
    const basic = Buffer.from(`${key}:${secret}`).toString('base64')
    runner.setSecret(basic)
    runner.setSecret(`Basic ${basic}`)
  }
  return values
}

/**
 * Layers input values: the first layer wins (explicit inputs, then an issue, then a template). A
 * description or description_file from a higher layer replaces the description of every lower one.
 */
export function mergeInputValues(...layers: InputValues[]): InputValues {
  const merged: InputValues = {}
  for (const layer of layers) {
    const hasDescription = merged.description !== undefined || merged.description_file !== undefined
    for (const [name, value] of Object.entries(layer) as [InputName, string | boolean | Plain][]) {
      if (merged[name] !== undefined || value === undefined) continue
      if (hasDescription && (name === 'description' || name === 'description_file')) continue
      merged[name] = value
    }
  }
  return merged
}

function text(value: string | boolean | Plain | undefined): string {
  return typeof value === 'string' ? value.trim() : ''
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
      problems.push(`${name}: expected text, got ${typeof v === 'boolean' ? 'true or false' : Array.isArray(v) ? 'a list' : 'a mapping'}.`)
      return ''
    }
    return v.trim()
  }
  const structured = (name: InputName): Promise<Plain | undefined> => {
    const v = values[name]
    return attempt(() => (typeof v === 'string' ? parseStructured(name, v) : typeof v === 'boolean' ? String(v) : v), undefined)
  }
  const bool = (name: InputName, fallback: boolean): boolean => {
    const v = values[name]
    if (v === undefined) return fallback
    if (typeof v === 'boolean') return v
    problems.push(`${name}: "${clip(typeof v === 'string' ? v.trim() : JSON.stringify(v))}" is not allowed. Allowed values: true, false.`)
    return fallback
  }

  const apiKey = str('api_key')
  const apiSecret = str('api_secret')
  if (!apiKey) problems.push('api_key: is required. Pass it from a secret: api_key: ${{ secrets.LIVEDESK_API_KEY }}.')
  if (!apiSecret) problems.push('api_secret: is required. Pass it from a secret: api_secret: ${{ secrets.LIVEDESK_API_SECRET }}.')
  if (apiKey.includes(':')) problems.push('api_key: must not contain ":" (LiveDesk joins key and secret with ":").')

  const title = str('title')
  if (!title) problems.push('title: is required (or give a template whose front matter sets title).')
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
  const requester =
    problems.length > problemsBeforeRequester ? {} : await attempt(async () => parseRequester(requesterValue, str('requester_euid')), {})

  const description = await attempt(
    () => readDescription(str('description'), str('description_file'), workspace),
    { text: '', bytes: 0, truncated: false, file: undefined as string | undefined },
  )
  const attachments = await attempt(async () => parseAttachments(values.attachments), [])
  const baseUrl = await attempt(() => parseServiceUrl('base_url', str('base_url') || DEFAULT_BASE_URL), new URL(DEFAULT_BASE_URL))
  const ticketUrlTemplate = await attempt(() => parseTicketUrlTemplate(str('ticket_url_template')), undefined)

  const timeoutSeconds = numberIn('timeout_seconds', str('timeout_seconds') || '30', 1, 3600, false, problems)
  const maxRetries = numberIn('max_retries', str('max_retries') || '3', 0, 10, true, problems)
  const contextFields = bool('context_fields', true)
  const failOnError = bool('fail_on_error', true)
  const dryRun = bool('dry_run', false)
  const failedJobs = str('failed_jobs') || 'auto'
  if (failedJobs !== 'auto' && failedJobs !== 'false') {
    problems.push(`failed_jobs: "${clip(failedJobs)}" is not allowed. Allowed values: auto, false.`)
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
  }
}

function oneOf<T extends string>(name: string, value: string, allowed: readonly T[], problems: string[]): T | undefined {
  if (value === '') return undefined
  const lower = value.toLowerCase()
  if ((allowed as readonly string[]).includes(lower)) return lower as T
  problems.push(`${name}: "${clip(value)}" is not allowed. Allowed values: ${allowed.join(', ')} (or leave it empty for LiveDesk's default).`)
  return undefined
}

function numberIn(name: string, value: string, min: number, max: number, integer: boolean, problems: string[]): number {
  const n = Number(value)
  const pattern = integer ? /^\d+$/ : /^\d+(\.\d+)?$/
  if (!pattern.test(value) || n < min || n > max) {
    problems.push(`${name}: "${clip(value)}" is not allowed. Expected ${integer ? 'a whole number' : 'a number'} from ${min} to ${max}.`)
    return min
  }
  return n
}

const EXPECTED_WORDS: Record<string, string> = { string: 'text', object: 'a mapping', array: 'a list' }

export async function parseRequester(value: Plain | undefined, euid: string): Promise<Requester> {
  let requester: Requester = {}
  if (value !== undefined && value !== '') {
    if (!isMapping(value)) {
      throw new InputProblem('requester: expected a mapping with euid and/or channel_contacts: {channel_id, contact_id, sub_contact_id, followers}.')
    }
    // zod is loaded only when a requester mapping is given: a plain create does not parse it.
    const { checkRequester } = await import('./requester-schema.js')
    const parsed = checkRequester(value)
    if (!parsed.success) {
      const issue = parsed.error.issues[0]
      const where = issue.path.join('.')
      if (issue.code === 'unrecognized_keys') {
        throw new InputProblem(`requester: ${where ? `${where}: ` : ''}unknown key "${issue.keys.join('", "')}". Allowed keys: euid, channel_contacts (channel_id, contact_id, sub_contact_id, followers: [{id, name}]).`)
      }
      // zod does not report the value it refused; read it at the issue's path.
      const given = issue.path.reduce<unknown>((node, key) => (isMapping(node as Plain) || Array.isArray(node) ? (node as Record<PropertyKey, unknown>)[key] : undefined), value)
      const expected = issue.code === 'invalid_type' ? (EXPECTED_WORDS[issue.expected] ?? issue.expected) : 'valid'
      throw new InputProblem(`requester: ${where} ${given === undefined ? 'is required' : `must be ${expected}`}.`)
    }
    requester = parsed.data
  }
  if (euid) {
    if (requester.euid && requester.euid !== euid) {
      throw new InputProblem('requester_euid: differs from requester.euid; give the euid in one place only.')
    }
    requester = { ...requester, euid }
  }
  if (!requester.euid && !requester.channel_contacts) {
    throw new InputProblem('requester_euid: LiveDesk needs a requester. Set requester_euid (a contact\'s euid), or requester (a mapping with euid and/or channel_contacts).')
  }
  return requester
}

async function parseAttachments(value: string | boolean | Plain | undefined): Promise<string[]> {
  let list: Plain | undefined = typeof value === 'boolean' ? String(value) : value
  if (typeof value === 'string') {
    const trimmed = value.trim()
    list = trimmed.startsWith('[') || trimmed.startsWith('- ')
      ? await parseStructured('attachments', trimmed)
      : trimmed.split(/\r?\n/).map((l) => l.trim()).filter((l) => l !== '')
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
    if (!parsed || parsed.protocol !== 'https:') {
      throw new InputProblem(`attachments: "${clip(url)}" is not an https:// URL. Each attachment is the URL of a file LiveDesk can fetch.`)
    }
  }
  return list as string[]
}
