export function checkSelfTest(
  env: Record<string, string | undefined>,
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- JSON as the stand-in recorded it
  requests: { method: string; path: string; headers: Record<string, unknown>; body: any }[],
): string[]
