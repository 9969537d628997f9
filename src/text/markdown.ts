// text/ owns untrusted text made safe for where it goes (Markdown, one log line); it must not know where the text came from.
// Untrusted text made safe for Markdown: a table cell, a fenced block, plain text in a list. Used by
// the ticket's description and by the job summary alike.
import { oneLine } from './server-text.js'

/** Text for a Markdown table cell: no row breaks, no HTML. */
export function cell(text: string | undefined): string {
  if (!text) return '–'
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/\|/g, '&#124;')
    .replace(/\r?\n/g, ' ')
}

/** A fenced block that no backtick run inside the text can close. */
export function fenced(text: string, lang = ''): string {
  const longest = Math.max(2, ...(text.match(/`+/g) ?? []).map((run) => run.length))
  const fence = '`'.repeat(longest + 1)
  return `${fence}${lang}\n${text}\n${fence}`
}

/** Names from workflow files (jobs, steps) shown as text, never as Markdown or HTML. */
export function markdownText(text: string): string {
  return oneLine(text).replace(/[\\`*_[\]<>#|~!]/g, (c) => `\\${c}`)
}

/** Text inside an inline code span: one line, no backtick to end the span. */
export function codeText(text: string): string {
  return oneLine(text).replace(/`/g, "'")
}
