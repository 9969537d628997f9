export const NODE24: string
export function runtimes(): [string, string][]
