// The ticket's content family: what LiveDesk is sent to open a ticket (title, description, priority,
// type, team, custom fields, requester, submitter, attachments). The description comes from the input
// or a file, cut at 1 MiB with a visible note; attachments are the https URLs of files LiveDesk
// fetches, one a line or as a YAML list, with no user name or password.
import {
  DESCRIPTION_LIMIT_BYTES,
  fitDescription,
  PRIORITIES,
  TICKET_TYPES,
  type Priority,
  type Requester,
  type TicketType,
} from '../livedesk/ticket.js'
import { InputProblem } from './problems.js'
import type { InputReader } from './read-inputs.js'
import { readRequester } from './requester.js'
import { clipUrl, hasUserInfo } from './service-settings.js'
import { parseStructured, toTextMap, type Plain } from './structured-input.js'
import { readWorkspaceFile } from './workspace-file.js'

export const MAX_CUSTOM_FIELDS = 2000

export interface TicketContent {
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
  requester: Requester
  submitterId?: string
  attachments: string[]
}

export interface ContentOptions {
  /** A recovery or a sync: the step needs no title and no requester. */
  opensNothing: boolean
  /** Where description_file is read. */
  workspace: string
}

const NO_DESCRIPTION: Description = { text: '', bytes: 0, truncated: false }

export async function readTicketContent(input: InputReader, options: ContentOptions): Promise<TicketContent> {
  const { problems } = input
  const title = readTitle(input, options)
  const priority = input.serverDefaultChoice('priority', PRIORITIES, "LiveDesk's default, medium")
  const ticketType = input.serverDefaultChoice('ticket_type', TICKET_TYPES, 'no type')
  const assignmentTeam = input.text('assignment_team') || undefined
  const submitterId = input.text('submitter_id') || undefined
  const customFields = await problems.checkAsync(
    async () => toTextMap('custom_fields', await input.structured('custom_fields'), MAX_CUSTOM_FIELDS),
    {},
  )
  const requester = await readRequester(input, options)
  const description = problems.check(
    () => readDescription(input.text('description'), input.text('description_file'), options.workspace),
    NO_DESCRIPTION,
  )
  const attachments = await problems.checkAsync(() => parseAttachments(input.given('attachments')), [])
  return {
    title,
    description: description.text,
    descriptionFile: description.file,
    descriptionBytes: description.bytes,
    descriptionTruncated: description.truncated,
    priority,
    ticketType,
    assignmentTeam,
    customFields,
    requester,
    submitterId,
    attachments,
  }
}

function readTitle(input: InputReader, { opensNothing }: Pick<ContentOptions, 'opensNothing'>): string {
  const title = input.text('title')
  if (!title && !opensNothing) {
    input.problems.add('title: is required (or give a template whose front matter sets title).')
  } else if (title.length > 1000) {
    input.problems.add(`title: is ${title.length} characters long; at most 1000 are allowed.`)
  }
  return title
}

export interface Description {
  text: string
  bytes: number
  truncated: boolean
  file?: string
}

export function readDescription(inline: string, file: string, workspace: string): Description {
  if (inline && file) {
    throw new InputProblem('description, description_file: give one of them, not both.')
  }
  if (!file) return cutDescription(inline)
  const { text, size } = readWorkspaceFile('description_file', file, workspace, DESCRIPTION_LIMIT_BYTES)
  return { ...cutDescription(text, size), file }
}

/** `size` is the file's; the limit holds for the text as sent, which invalid UTF-8 makes longer (U+FFFD: 3 bytes). */
function cutDescription(text: string, size = Buffer.byteLength(text)): Description {
  const bytes = Math.max(size, Buffer.byteLength(text))
  if (bytes <= DESCRIPTION_LIMIT_BYTES) return { text, bytes, truncated: false }
  return { text: fitDescription(text, DESCRIPTION_LIMIT_BYTES), bytes, truncated: true }
}

export const MAX_ATTACHMENTS = 50

export async function parseAttachments(value: string | boolean | Plain | undefined): Promise<string[]> {
  const list =
    typeof value === 'string' ? await listOf(value.trim()) : typeof value === 'boolean' ? String(value) : value
  if (list === undefined || list === '') return []
  if (!Array.isArray(list) || list.some((item) => typeof item !== 'string')) {
    throw new InputProblem('attachments: expected file URLs, one per line or as a YAML list.')
  }
  if (list.length > MAX_ATTACHMENTS) {
    throw new InputProblem(`attachments: ${list.length} given; at most ${MAX_ATTACHMENTS} are allowed.`)
  }
  for (const url of list as string[]) checkAttachmentUrl(url)
  return list as string[]
}

/** YAML when it reads as a list ("- …" or "[…]"), else one URL a line. */
async function listOf(text: string): Promise<Plain | undefined> {
  if (text.startsWith('[') || text.startsWith('- ')) return parseStructured('attachments', text)
  return text
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter((l) => l !== '')
}

function checkAttachmentUrl(url: string): void {
  const parsed = URL.canParse(url) ? new URL(url) : undefined
  if (hasUserInfo(url) || parsed?.username || parsed?.password) {
    throw new InputProblem(
      `attachments: "${clipUrl(url)}" must not contain a user name or password; give a link LiveDesk can fetch without one (a pre-signed URL, say).`,
    )
  }
  if (parsed?.protocol !== 'https:') {
    throw new InputProblem(
      `attachments: "${clipUrl(url)}" is not an https:// URL. Each attachment is the URL of a file LiveDesk can fetch.`,
    )
  }
}
