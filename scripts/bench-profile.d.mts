export interface ProfileSummary {
  runs: number
  profiledMs: number
  groups: { name: string; ms: number }[]
}

export function summarizeProfiles(files: string[]): ProfileSummary
