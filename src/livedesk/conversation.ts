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

const PRIVATE_FIELD = /private|internal|note|whisper|hidden|secret|visib/i
const PRIVATE_WORD = /private|internal|note|whisper|hidden|secret/i
const FALSE_WORDS = new Set(['', 'false', '0', 'no', 'n', 'off', 'none', 'null'])

/**
 * Whether a message may be one the desk keeps to itself. LiveDesk documents no such field, so this
 * fails closed: any field named like private, internal, note, whisper, hidden or secret that holds
 * anything but false/0/no (a visibility anything but "public"), or any *type field whose value says
 * so (type: "note", message_type: "internal_note"), makes the message private.
 */
export function isPrivate(item: Record<string, unknown>): boolean {
  for (const [field, value] of Object.entries(item)) {
    if (field === 'sender') continue
    const said = typeof value === 'string' ? value.trim().toLowerCase() : typeof value === 'number' || typeof value === 'boolean' ? String(value) : value === null || value === undefined ? '' : 'yes'
    if (/visib/i.test(field)) {
      if (said !== '' && said !== 'public') return true
    } else if (PRIVATE_FIELD.test(field)) {
      if (!FALSE_WORDS.has(said)) return true
    } else if (/type$/i.test(field) && PRIVATE_WORD.test(said)) {
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
