// What went wrong, as words: an error's message, or whatever was thrown as text.

export function message(err: unknown): string {
  return err instanceof Error ? err.message : String(err)
}
