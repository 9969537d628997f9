export function notes(tag: string): string
export function check(tag: string): void
export function tag(tag: string): string
