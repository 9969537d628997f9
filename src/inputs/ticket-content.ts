// The ticket's content family: what LiveDesk is sent to open a ticket (title, description, priority,
// type, team, custom fields, requester, submitter, attachments).
import { PRIORITIES, TICKET_TYPES, type Priority, type Requester, type TicketType } from '../livedesk/ticket.js'
import { parseAttachments } from './attachments.js'
import { readDescription, type Description } from './description.js'
import type { InputReader } from './input-reader.js'
import { readRequester } from './requester.js'
import { toTextMap } from './structured-input.js'

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
