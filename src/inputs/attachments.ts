// attachments: the URLs of files LiveDesk fetches, one a line or as a YAML list; https, and no user
// name or password (a link LiveDesk can fetch without one).
import { InputProblem } from './problems.js'
import { clipUrl, hasUserInfo } from './service-url.js'
import { parseStructured, type Plain } from './structured-input.js'

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
