// The ticket's description: from the input or a file, cut at 1 MiB with a visible note.
import { DESCRIPTION_LIMIT_BYTES, fitDescription } from '../livedesk/ticket.js'
import { InputProblem } from './problems.js'
import { readWorkspaceFile } from './workspace-file.js'

export interface Description {
  text: string
  bytes: number
  truncated: boolean
  file?: string
}

export function readDescription(inline: string, file: string, workspace: string): Description {
  if (inline && file) {
    throw new InputProblem('description, description_file: give one of them, not both.')
  }
  if (!file) return cutDescription(inline)
  const { text, size } = readWorkspaceFile('description_file', file, workspace, DESCRIPTION_LIMIT_BYTES)
  return { ...cutDescription(text, size), file }
}

/** `size` is the file's; the limit holds for the text as sent, which invalid UTF-8 makes longer (U+FFFD: 3 bytes). */
function cutDescription(text: string, size = Buffer.byteLength(text)): Description {
  const bytes = Math.max(size, Buffer.byteLength(text))
  if (bytes <= DESCRIPTION_LIMIT_BYTES) return { text, bytes, truncated: false }
  return { text: fitDescription(text, DESCRIPTION_LIMIT_BYTES), bytes, truncated: true }
}
