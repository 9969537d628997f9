// A ticket's conversation_list, read defensively: LiveDesk documents only "messages with sender and
// content", so every field is looked for in the few names a help desk uses, and a message that does
// not fit is left out, never guessed at. Knows nothing of GitHub.
import { createHash } from 'node:crypto'
import { isRecord } from '../text/server-text.js'

export interface TicketMessage {
  /** Stable across reads: the message's own id when it has one, else a digest of what it says. */
  key: string
  /** sender.type as LiveDesk gives it, lower case ('internal' for the desk's own members). */
  senderType: string
  senderName: string
  /** Plain text (an HTML message is turned into text). */
  content: string
  /** Anything that may be kept inside the desk (see isPrivate): never shown outside. */
  private: boolean
}

/** At most this much of one message is read: a reply on an issue is no place for more. */
export const MESSAGE_CHARS = 64 * 1024
/** At most this many messages of one ticket are read. */
export const MESSAGES_READ = 500

const text = (v: unknown): string => (typeof v === 'string' ? v : typeof v === 'number' ? String(v) : '')
const firstText = (o: Record<string, unknown>, names: string[]): string => {
  for (const n of names) {
    const v = text(o[n])
    if (v.trim() !== '') return v
  }
  return ''
}

export function readConversation(list: unknown): TicketMessage[] {
  if (!Array.isArray(list)) return []
  const messages: TicketMessage[] = []
  for (const item of list.slice(0, MESSAGES_READ)) {
    if (!isRecord(item)) continue
    const sender = isRecord(item.sender) ? item.sender : {}
    const raw = firstText(item, ['content', 'text', 'body', 'message'])
    if (raw.trim() === '') continue
    const content = plainText(raw.slice(0, MESSAGE_CHARS))
    const senderType = (text(sender.type) || text(item.sender_type)).trim().toLowerCase()
    // A name only: a desk member's email address is not for a public issue.
    const senderName = firstText(sender, ['name', 'nickname', 'display_name']).trim() || firstText(item, ['sender_name']).trim()
    const id = firstText(item, ['id', 'message_id', 'conversation_id', 'msg_id'])
    const key = createHash('sha256')
      .update(id ? `id\n${id}` : `text\n${senderType}\n${senderName}\n${firstText(item, ['create_time', 'created_at', 'time', 'timestamp'])}\n${raw}`)
      .digest('hex')
      .slice(0, 20)
    messages.push({ key, senderType, senderName, content, private: isPrivate(item) })
  }
  return messages
}

const PRIVATE_FIELD = /private|internal|note|whisper|hidden|secret/i
const PRIVATE_WORD = /private|internal|note|whisper|hidden|secret|agents?(_only)?$|staff/i
const KIND_FIELD = /(^|_)(type|kind|category|channel|audience|scope|class)$/i
const FALSE_WORDS = new Set(['', 'false', '0', 'no', 'n', 'off', 'none', 'null'])
const TRUE_WORDS = new Set(['true', '1', 'yes', 'y', 'on'])
// The message's own text and the sender's name and type are what is shown or checked, not flags.
const NOT_FLAGS = new Set(['content', 'text', 'body', 'message', 'name', 'nickname', 'display_name', 'sender_name', 'sender_type', 'email'])

/**
 * Whether a message may be one the desk keeps to itself. LiveDesk documents no such field, so this
 * fails closed, looking through the message and what it holds (its sender, nested objects, lists):
 * a field named like public that is not true (is_public: false, Zendesk's internal-note flag); a
 * visibility-like field (visibility, visible) that is not public/true; a field named like private,
 * internal, note, whisper, hidden or secret that holds anything but false/0/no (an id or a count
 * of that name excepted); a type, kind, category, channel, audience or scope that says private,
 * internal, note, agents or staff; a list holding such a word. A reply wrongly held back stays in
 * LiveDesk; a private note on a public issue could not be taken back.
 */
export function isPrivate(item: Record<string, unknown>): boolean {
  return flagsPrivate(item, 0, false)
}

/** `sender`: the message's sender object, whose `type` says who sent it (internal: a desk member), not a flag. */
function flagsPrivate(node: Record<string, unknown>, depth: number, sender: boolean): boolean {
  for (const [field, value] of Object.entries(node)) {
    if (NOT_FLAGS.has(field.toLowerCase()) || (sender && field === 'type')) continue
    if (value !== null && typeof value === 'object') {
      if (depth >= 3) continue
      if (Array.isArray(value)) {
        if (value.some((v) => typeof v === 'string' && PRIVATE_WORD.test(v))) return true
        // A list under a flag's name (internal_note: [true]) says yes unless it holds only no's.
        if (PRIVATE_FIELD.test(field) && !/(_id|Id|_count|Count)s?$/.test(field) && value.some((v) => !FALSE_WORDS.has(String(v).trim().toLowerCase()))) return true
        if (value.some((v) => v !== null && typeof v === 'object' && !Array.isArray(v) && flagsPrivate(v as Record<string, unknown>, depth + 1, false))) return true
      } else if (flagsPrivate(value as Record<string, unknown>, depth + 1, depth === 0 && field === 'sender')) {
        return true
      }
      // An object under a flag's name (private: {value: true}) is read as that flag said yes.
      if (!Array.isArray(value) && (PRIVATE_FIELD.test(field) || /visib|public/i.test(field)) && !/(_id|Id|_count|Count)$/.test(field)) {
        const inner = (value as Record<string, unknown>).value
        if (inner === undefined ? true : /public/i.test(field) ? !TRUE_WORDS.has(String(inner).toLowerCase()) : !FALSE_WORDS.has(String(inner).toLowerCase())) return true
      }
      continue
    }
    const said = value === null || value === undefined ? '' : String(value).trim().toLowerCase()
    if (/(_id|Id|_count|Count)$/.test(field)) continue
    if (/public/i.test(field)) {
      if (!TRUE_WORDS.has(said)) return true
    } else if (/visib/i.test(field)) {
      if (said !== 'public' && !TRUE_WORDS.has(said)) return true
    } else if (PRIVATE_FIELD.test(field)) {
      if (!FALSE_WORDS.has(said)) return true
    } else if (KIND_FIELD.test(field) && PRIVATE_WORD.test(said)) {
      return true
    }
  }
  return false
}

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: ' ', '#39': "'" }

/** An HTML message as text: line breaks for <br>, paragraphs and list items, tags removed, entities read. */
export function plainText(content: string): string {
  if (!/<[a-z/!][^<>]*>/i.test(content)) return content
  return content
    .replace(/<br\s*\/?>|<\/(p|div|li|h[1-6]|blockquote|pre|tr)>/gi, '\n')
    // `<[^<>]*>`: linear; a text of a million "<" costs nothing more.
    .replace(/<[^<>]*>/g, '')
    .replace(/&(amp|lt|gt|quot|apos|nbsp|#39);/g, (_m, e: string) => ENTITIES[e])
}

/**
 * A reply by the desk's own members (sender.type internal) that is not a private note: the only
 * messages that may leave LiveDesk. The requester's and other contacts' messages can hold personal
 * data, and issues are often public.
 */
export function isDeskReply(message: TicketMessage): boolean {
  return message.senderType === 'internal' && !message.private
}
