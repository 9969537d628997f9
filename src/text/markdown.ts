// text/ owns untrusted text made safe for where it goes (Markdown, one log line); it must not know where the text came from.
// Untrusted text made safe for Markdown: a table cell, a fenced block, plain text in a list. Used by
// the ticket's description and by the job summary alike.
import { oneLine, visibleBidi } from './server-text.js'

/**
 * Text for a Markdown table cell or any other one-line position: one line for every reader, no HTML,
 * no Markdown (links, images, emphasis), bidi controls shown as code points.
 */
export function cell(text: string | undefined): string {
  if (!text) return '–'
  return oneLine(text)
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/\|/g, '&#124;')
    // Not "_": intraword underscores make no emphasis in GFM, and tokens (ghs_…, npm_…) hold them;
    // escaped, they would no longer match the runner's masks.
    .replace(/[\\`*[\]!~]/g, (c) => `\\${c}`)
}

/** A fenced block that no backtick run inside the text can close. */
export function fenced(text: string, lang = ''): string {
  // A loop, not Math.max(...runs): a text of half a million runs would overflow the stack.
  let longest = 2
  for (const run of text.matchAll(/`+/g)) longest = Math.max(longest, run[0].length)
  const fence = '`'.repeat(longest + 1)
  // Bidi controls would reorder the block's lines as displayed: shown as code points.
  return `${fence}${lang}\n${visibleBidi(text)}\n${fence}`
}

/** Names from workflow files (jobs, steps) shown as text, never as Markdown or HTML. */
export function markdownText(text: string): string {
  return oneLine(text).replace(/[\\`*_[\]<>#|~!]/g, (c) => `\\${c}`)
}

/** Text inside an inline code span: one line, no backtick to end the span. */
export function codeText(text: string): string {
  return oneLine(text).replace(/`/g, "'")
}
