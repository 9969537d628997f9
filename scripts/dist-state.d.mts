export const INPUTS: string[]
export function inputsHash(root?: string): string
export function filesOf(dir: string): Record<string, string>
export function remember(root: string, hash: string, out: string): void
export function freshBuild(root?: string, options?: { log?: (line: string) => void }): Record<string, string>
export function distProblems(root?: string, options?: { log?: (line: string) => void }): string[]
