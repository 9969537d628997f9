// A ticket's conversation_list, read defensively: LiveDesk documents one example message (message_id,
// sender {id, type, name}, content, content_type, attachments [{file_type, file_url}]) and no field
// list, so every field is looked for in the few names a help desk uses, and a message that does not
// fit is left out, never guessed at. Knows nothing of GitHub.
import { createHash } from 'node:crypto'
import { isRecord } from '../text/server-text.js'

export interface TicketMessage {
  /** Stable across reads: the message's own id when it has one, else a digest of what it says. */
  key: string
  /** sender.type as LiveDesk gives it, lower case ('internal_member' for the desk's own members). */
  senderType: string
  senderName: string
  /** Plain text (an HTML message is turned into text). */
  content: string
  /** Anything that may be kept inside the desk (see isPrivate): never shown outside. */
  private: boolean
  /** How many files the message carries (LiveDesk's attachments[].file_url); only the count leaves LiveDesk. */
  attachments: number
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
    const content = plainText(raw.slice(0, MESSAGE_CHARS))
    const attachments = Array.isArray(item.attachments)
      ? item.attachments.filter((a) => isRecord(a) || typeof a === 'string').length
      : 0
    // A file alone is a message too (told by its count); a message with neither says nothing.
    if (content.trim() === '' && attachments === 0) continue
    const senderType = (text(sender.type) || text(item.sender_type)).trim().toLowerCase()
    // A name only: a desk member's email address is not for a public issue.
    const senderName =
      firstText(sender, ['name', 'nickname', 'display_name']).trim() || firstText(item, ['sender_name']).trim()
    const id = firstText(item, ['id', 'message_id', 'conversation_id', 'msg_id'])
    const key = createHash('sha256')
      .update(
        id
          ? `id\n${id}`
          : `text\n${senderType}\n${senderName}\n${firstText(item, ['create_time', 'created_at', 'sent_at', 'time', 'timestamp'])}\n${raw}`,
      )
      .digest('hex')
      .slice(0, 20)
    messages.push({ key, senderType, senderName, content, private: isPrivate(item), attachments })
  }
  return messages
}

// Field names (any case, snake or camel) and the words in them that say "kept inside the desk".
const PUBLIC_FLAG = /^(is_?)?(public|published)$/i
const VISIBILITY = /^(is_?)?(visible|visibility)$/i
const KEPT_FLAG = /private|internal|note|whisper|hidden|secret|(agents?|staff|team)_?only/i
const KIND_FIELD = /(type|kind|category|channel|audience|scope|class|mode|privacy|element)$/i
const KEPT_WORD = /(^|[^a-z])(private|internal|notes?|whisper|hidden|secret)([^a-z]|$)/i
const KEPT_TAG = /^(private|internal|(internal|private|work)[_ -]?notes?|notes?|whisper|hidden|secret)$/i
// Names of fields that hold ids, counts, links or names, whatever they are called.
const NOT_A_FLAG = /(_ids?|Ids?|_count|Count|_url|Url|_name|Name)$/
// Who wrote the message: its type, role or "internal" say who, not who may read it.
const ACTOR = /^(sender|author|user|creator|from|actor|agent|owner|by)$/i
const IDENTITY = /type|role|kind|internal|agent|staff|member/i
const TOP_IDENTITY = /^(sender|author|user|creator|from|actor)_?(type|role|kind)$/i
const FALSE_WORDS = new Set(['', 'false', '0', 'no', 'n', 'off', 'none', 'null'])
const PUBLIC_WORDS = new Set([
  'public',
  'all',
  'everyone',
  'external',
  'customer',
  'customers',
  'true',
  '1',
  'yes',
  'y',
  'on',
])
// The message's own text and the names shown are what is shown, not flags.
const TEXT_FIELDS = new Set([
  'content',
  'text',
  'body',
  'message',
  'html',
  'name',
  'nickname',
  'display_name',
  'sender_name',
  'email',
])

/**
 * Whether a message may be one the desk keeps to itself. LiveDesk documents no such field, so this
 * fails closed, looking through the message and what it holds (nested objects, lists), by fields a
 * help desk uses for it: public/is_public/published that is not true; visible/visibility that is not
 * public, all, everyone, external or true (an audience or scope likewise); a yes/no flag named like private, internal, note,
 * whisper, hidden, secret or agent_only that is not false/0/no; a type, kind, category, channel,
 * audience, scope, mode, privacy or element whose value says private, internal, note(s), whisper,
 * hidden or secret; a list holding such a word alone. Who wrote it (sender.type internal_member, a
 * role of agent) is not read as who may see it. LiveDesk's own example message (content_type "text",
 * attachments with a file_type, is_internal false) passes. A reply wrongly held back stays in
 * LiveDesk; a private note on a public issue could not be taken back.
 */
export function isPrivate(item: Record<string, unknown>): boolean {
  return flagsPrivate(item, 0, false)
}

function flagsPrivate(node: Record<string, unknown>, depth: number, actor: boolean): boolean {
  for (const [field, value] of Object.entries(node)) {
    if (notAFlag(field, depth, actor)) continue
    if (Array.isArray(value)) {
      if (listSaysKept(field, value, depth)) return true
    } else if (value !== null && typeof value === 'object') {
      if (objectSaysKept(field, value as Record<string, unknown>, depth)) return true
    } else if (keptBy(field, value)) return true
  }
  return false
}

/** Fields that hold text, or who someone is (an actor's, or the message's own at the top), never who may see it. */
function notAFlag(field: string, depth: number, actor: boolean): boolean {
  return (
    TEXT_FIELDS.has(field.toLowerCase()) ||
    NOT_A_FLAG.test(field) ||
    (actor && IDENTITY.test(field)) ||
    (depth === 0 && TOP_IDENTITY.test(field))
  )
}

/** A list says kept by a kept word alone in it, a kept flag's value that is not false, or an object in it that does. */
function listSaysKept(field: string, list: unknown[], depth: number): boolean {
  if (list.some((v) => typeof v === 'string' && KEPT_TAG.test(v.trim()))) return true
  if (
    KEPT_FLAG.test(field) &&
    list.some((v) => (v === null || typeof v !== 'object') && !FALSE_WORDS.has(String(v).trim().toLowerCase()))
  )
    return true
  return (
    depth < 3 &&
    list.some(
      (v) =>
        v !== null &&
        typeof v === 'object' &&
        !Array.isArray(v) &&
        flagsPrivate(v as Record<string, unknown>, depth + 1, false),
    )
  )
}

function objectSaysKept(field: string, inner: Record<string, unknown>, depth: number): boolean {
  // A flag written as an object ({value: true}) says what its value says.
  if ('value' in inner && (inner.value === null || typeof inner.value !== 'object') && keptBy(field, inner.value))
    return true
  return depth < 3 && flagsPrivate(inner, depth + 1, depth === 0 && ACTOR.test(field))
}

/** Whether one field with a plain value says the message is kept inside the desk. */
function keptBy(field: string, value: unknown): boolean {
  const said = value === null || value === undefined ? '' : String(value).trim().toLowerCase()
  if (PUBLIC_FLAG.test(field)) return !PUBLIC_WORDS.has(said)
  if (VISIBILITY.test(field) || /(audience|scope)$/i.test(field)) return !PUBLIC_WORDS.has(said)
  if (KIND_FIELD.test(field)) return KEPT_WORD.test(said)
  if (KEPT_FLAG.test(field)) return !FALSE_WORDS.has(said)
  return false
}

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: ' ', '#39': "'" }

/** An HTML message as text: line breaks for <br>, paragraphs and list items, tags removed, entities read. */
export function plainText(content: string): string {
  if (!/<[a-z/!][^<>]*>/i.test(content)) return content
  return (
    content
      .replace(/<br\s*\/?>|<\/(p|div|li|h[1-6]|blockquote|pre|tr)>/gi, '\n')
      // `<[^<>]*>`: linear; a text of a million "<" costs nothing more.
      .replace(/<[^<>]*>/g, '')
      .replace(/&(amp|lt|gt|quot|apos|nbsp|#39);/g, (_m, e: string) => ENTITIES[e])
  )
}

/**
 * The sender types of the desk's own members. LiveDesk's "Get Ticket Details" example shows
 * `internal_member`, its only sender type documented; `internal`, which this action assumed before
 * that page was read, is documented nowhere and so no longer passes: every other type (the
 * requester, a contact, a bot, one never seen) stays in LiveDesk.
 */
const DESK_SENDER_TYPES = new Set(['internal_member'])

/**
 * A reply by the desk's own members (sender.type internal_member) that is not a private note: the
 * only messages that may leave LiveDesk. The requester's and other contacts' messages can hold
 * personal data, and issues are often public.
 */
export function isDeskReply(message: TicketMessage): boolean {
  return DESK_SENDER_TYPES.has(message.senderType) && !message.private
}
