// Files the user names in an input (description_file, template), read only up to a limit so a huge
// log is never loaded whole. A relative path is the repository's: in a pull_request_target or
// workflow_run workflow an attacker writes it, so it must stay inside the workspace with every
// symlink followed. An absolute path (a log under $RUNNER_TEMP) is the workflow's own and is read
// as given. Only regular files are read: a FIFO or a device would block the step or never end.
import { closeSync, constants, fstatSync, openSync, readSync, realpathSync, type Stats } from 'node:fs'
import { isAbsolute, relative, resolve, sep } from 'node:path'
import { clip, InputProblem } from './problems.js'

export interface WorkspaceFile {
  /** At most `maxBytes` + 4 bytes of the file, decoded (the 4 show whether it ran over). */
  text: string
  /** The whole file's size in bytes. */
  size: number
}

// O_NONBLOCK: opening a FIFO for reading returns at once instead of waiting for a writer; it changes
// nothing for a regular file. O_NOFOLLOW: the checked path is the real one, so no link may follow.
const OPEN_FLAGS = constants.O_RDONLY | (constants.O_NONBLOCK ?? 0)
const NO_FOLLOW = constants.O_NOFOLLOW ?? 0

export function readWorkspaceFile(
  input: string,
  file: string,
  workspace: string,
  maxBytes: number,
  hint = '',
): WorkspaceFile {
  const shown = `"${clip(file, 200)}"`
  const cannotRead = (err: unknown): InputProblem => {
    const code = (err as NodeJS.ErrnoException).code
    return new InputProblem(
      `${input}: cannot read ${shown} (${code === 'ENOENT' ? 'no such file' : code}). Relative paths start at the workspace (${workspace})${hint}.`,
    )
  }
  let path: string
  let flags = OPEN_FLAGS
  if (isAbsolute(file)) {
    path = file
  } else {
    try {
      path = realpathSync(resolve(workspace, file))
    } catch (err) {
      throw cannotRead(err)
    }
    let root: string
    try {
      root = realpathSync(workspace)
    } catch (err) {
      throw cannotRead(err)
    }
    const inside = relative(root, path)
    if (inside === '..' || inside.startsWith(`..${sep}`) || isAbsolute(inside)) {
      throw new InputProblem(
        `${input}: ${shown} leads outside the workspace (${workspace}): a relative path must stay inside it, symlinks followed. For a file elsewhere (a log under $RUNNER_TEMP, say), give its absolute path.`,
      )
    }
    flags |= NO_FOLLOW
  }
  let fd: number
  try {
    fd = openSync(path, flags)
  } catch (err) {
    throw cannotRead(err)
  }
  try {
    const stat = fstatSync(fd)
    if (!stat.isFile())
      throw new InputProblem(`${input}: ${shown} is not a regular file (${kindOf(stat)}); give the path of a file.`)
    const buffer = Buffer.alloc(Math.min(stat.size, maxBytes + 4))
    let read = 0
    while (read < buffer.length) {
      const n = readSync(fd, buffer, read, buffer.length - read, read)
      if (n === 0) break
      read += n
    }
    return { text: buffer.subarray(0, read).toString('utf8'), size: stat.size }
  } finally {
    closeSync(fd)
  }
}

function kindOf(stat: Stats): string {
  if (stat.isDirectory()) return 'a folder'
  if (stat.isFIFO()) return 'a named pipe'
  if (stat.isCharacterDevice() || stat.isBlockDevice()) return 'a device'
  if (stat.isSocket()) return 'a socket'
  return 'not a file'
}
