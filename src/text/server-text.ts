// What a server answered, read safely: JSON shapes, and text fit to show on one line. Knows no server.

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

/** Text on one line: each run of control characters (newlines included) becomes one space. */
export function oneLine(text: string, max = Number.POSITIVE_INFINITY): string {
  // eslint-disable-next-line no-control-regex -- control characters are exactly what is removed
  const plain = text.replace(/[\u0000-\u001f\u007f-\u009f]+/g, ' ').trim()
  return plain.length > max ? `${plain.slice(0, max)}…` : plain
}

/** A short, single-line, tag-free excerpt of a server's text (an HTML error page, say). */
export function excerpt(text: string, max = 200): string {
  const untagged = text.replace(/<(script|style)[\s\S]*?<\/\1>/gi, ' ').replace(/<[^>]*>/g, ' ')
  return oneLine(untagged.replace(/\s+/g, ' '), max)
}
