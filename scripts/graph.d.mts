export function folderGraph(): string
