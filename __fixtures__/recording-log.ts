// A Log (src/plan's, src/memory's) that keeps what it is told, for tests of what a run says.

/** What a recording log kept, and the log itself: info as told, `notice: …`, `warning: …` or `warning (title): …`. */
export interface RecordingLog {
  lines: string[]
  info(text: string): void
  debug(text: string): void
  notice(text: string): void
  warning(text: string, title?: string): void
}

export function recordingLog(): RecordingLog {
  const lines: string[] = []
  return {
    lines,
    info: (text) => void lines.push(text),
    debug: () => undefined,
    notice: (text) => void lines.push(`notice: ${text}`),
    warning: (text, title) => void lines.push(title === undefined ? `warning: ${text}` : `warning (${title}): ${text}`),
  }
}
