// text/ owns untrusted text made safe for where it goes (Markdown, one log line); it must not know where the text came from.
// Untrusted text made safe for Markdown: a table cell, a fenced block, plain text in a list. Used by
// the ticket's description and by the job summary alike.
import { oneLine, visibleBidi, wellFormed } from './server-text.js'

/**
 * Text for a Markdown table cell or any other one-line position: one line for every reader, no HTML,
 * no Markdown (links, images, emphasis), bidi controls shown as code points; at most `maxChars`
 * characters of the text (never half of one; a cut ends in "…").
 */
export function cell(text: string | undefined, maxChars = Number.POSITIVE_INFINITY): string {
  if (!text) return '–'
  return (
    oneLine(firstChars(text, maxChars))
      .replace(/&/g, '&amp;')
      .replace(/</g, '&lt;')
      .replace(/>/g, '&gt;')
      .replace(/\|/g, '&#124;')
      // Not "_": intraword underscores make no emphasis in GFM, and tokens (ghs_…, npm_…) hold them;
      // escaped, they would no longer match the runner's masks.
      .replace(/[\\`*[\]!~]/g, (c) => `\\${c}`)
  )
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

// Every line terminator a reader may see (CRLF, CR, VT, FF, NEL, U+2028, U+2029), and the control
// characters that are not one (tab stays).
const LINE_BREAKS = /\r\n|[\r\n\v\f\u0085\u2028\u2029]/g
// eslint-disable-next-line no-control-regex -- as above
const CONTROLS = /[\u0000-\u0008\u000e-\u001f\u007f-\u0084\u0086-\u009f]/g

/**
 * Text that GitHub would turn into a notification or a link by itself, even as plain text: a word
 * joiner (U+2060, invisible) after "@" (mentions), "#" and "GH-" (issue references), in "://" and
 * "www." (autolinks). The text reads the same; nobody is pinged, nothing is cross-referenced.
 */
export function quiet(text: string): string {
  return (
    text
      .replace(/@(?=[A-Za-z0-9])/g, '@\u2060')
      // Not the "#" of an entity (cell() writes "|" as "&#124;").
      .replace(/(?<!&)#(?=\d)/g, '#\u2060')
      .replace(/\b(GH)-(?=\d)/gi, '$1-\u2060')
      .replace(/:\/\//g, ':\u2060//')
      // GitHub links "www." after anything but a letter or digit ("_www." too).
      .replace(/(?<![A-Za-z0-9])(www)\./gi, '$1\u2060.')
  )
}

/** cell(), and quiet(): for a name or a word from elsewhere in a comment GitHub will publish. */
export function quietCell(text: string | undefined, maxChars?: number): string {
  return quiet(cell(text, maxChars))
}

/** The first `max` characters of `text` (a surrogate pair is one), with "…" when there were more. */
function firstChars(text: string, max: number): string {
  if (text.length <= max) return text
  let end = 0
  for (let n = 0; n < max && end < text.length; n++) end += (text.codePointAt(end) ?? 0) > 0xffff ? 2 : 1
  return end < text.length ? `${text.slice(0, end)}…` : text
}

/** How much of a quote may be written, and the words that end it when the text was cut. */
export interface QuoteFit {
  /** The quote's length at most, in UTF-16 code units (String.length), the note included. */
  maxLength: number
  /** Plain words, shown in the quote's last line as "_[…]_": where the rest is. */
  cutNote: string
}

/**
 * Someone's words as a Markdown quote ("> " before every line): shown as written, never as Markdown
 * or HTML (no link, image or tag works), quiet() (no mention, reference or autolink). When that is
 * longer than `fit.maxLength`, it is cut there, between two characters and never inside an escape,
 * and ends with the cut note. Linear in the text's length.
 */
export function quoted(text: string, fit: QuoteFit): string {
  const body = quoteLines(text)
  if (body.length <= fit.maxLength) return body
  const note = `\n>\n> _[${fit.cutNote}]_`
  if (note.length > fit.maxLength)
    throw new RangeError(`A quote of at most ${fit.maxLength} characters has no room for its cut note.`)
  return `${wholeAtoms(body, fit.maxLength - note.length)}${note}`
}

/** The text escaped and quoted, whole. */
function quoteLines(text: string): string {
  const lines = wellFormed(text)
    .replace(LINE_BREAKS, '\n')
    .replace(CONTROLS, '')
    .replace(/\n{3,}/g, '\n\n')
    .trim()
  const shown = quiet(visibleBidi(lines).replace(/[\\`*_[\]<>#|~!&]/g, (c) => (c === '&' ? '&amp;' : `\\${c}`)))
  return shown
    .split('\n')
    .map((l) => (l.trim() === '' ? '>' : `> ${l}`))
    .join('\n')
}

// What quoteLines() writes that a cut must keep whole, first to last: a line's "> " (only a line
// starts with a bare ">": the text's own are escaped), a bidi control shown and escaped
// ("\[U+202E\]"), any other escape ("\*", "&amp;"), a surrogate pair, or else one code unit.
const QUOTE_ATOM = /(\n?> ?)|\\\[U\+[0-9A-F]{4}\\\]|\\[\s\S]|&amp;|[\uD800-\uDBFF][\uDC00-\uDFFF]|[\s\S]/y

/**
 * The longest start of `body` (quoteLines()' output) at most `max` long that ends after a whole
 * atom of the text, not after a line's "> ": read once from the start, up to `max`.
 */
function wholeAtoms(body: string, max: number): string {
  const atom = new RegExp(QUOTE_ATOM)
  let end = 0
  for (let m = atom.exec(body); m && atom.lastIndex <= max; m = atom.exec(body)) {
    if (m[1] === undefined) end = atom.lastIndex
  }
  return body.slice(0, end)
}
