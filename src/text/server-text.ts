// What a server answered, read safely: JSON shapes, and text fit to show on one line. Knows no server.

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

// Every character some reader takes as the end of a line (\n, \r, \v, \f, NEL, U+2028, U+2029) and
// every other control character.
// eslint-disable-next-line no-control-regex -- control characters are exactly what is removed
const BREAKS_AND_CONTROLS = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]+/g
// Bidirectional controls reorder the text that follows them: a title could display reversed.
const BIDI_CONTROLS = /[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g

// A surrogate without its other half: no character, and encodeURIComponent refuses it.
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g

/** Text with every lone surrogate (half a character, say from a cut by code units) made U+FFFD. */
export function wellFormed(text: string): string {
  return text.replace(LONE_SURROGATE, '\uFFFD')
}

/** Bidi controls shown as their code points ("[U+202E]") instead of reordering the text. */
export function visibleBidi(text: string): string {
  return text.replace(BIDI_CONTROLS, (c) => `[U+${c.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}]`)
}

/** JSON for people to read (a dry run, a summary): bidi controls written as \\u escapes, the same JSON. */
export function displayJson(value: unknown): string {
  return JSON.stringify(value, null, 2).replace(
    BIDI_CONTROLS,
    (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`,
  )
}

/** Text on one line for any reader: each run of line breaks or control characters becomes one space. */
export function oneLine(text: string, max = Number.POSITIVE_INFINITY): string {
  const plain = visibleBidi(text.replace(BREAKS_AND_CONTROLS, ' ')).trim()
  return plain.length > max ? `${plain.slice(0, max)}…` : plain
}

/** How much of a server's text an excerpt reads: the patterns below then cost milliseconds at most. */
const EXCERPT_SOURCE_CHARS = 8192

/** A short, single-line, tag-free excerpt of a server's text (an HTML error page, say). */
export function excerpt(text: string, max = 200): string {
  // `<[^<>]*>`, not `<[^>]*>`: a text of a million "<" made the second take minutes.
  const untagged = text
    .slice(0, EXCERPT_SOURCE_CHARS)
    .replace(/<(script|style)\b[\s\S]*?<\/\1>/gi, ' ')
    .replace(/<[^<>]*>/g, ' ')
  return oneLine(untagged.replace(/\s+/g, ' '), max)
}
