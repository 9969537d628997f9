// The periods a recurring chore's ticket can name: {{ date }} (2026-12-07), {{ week }} (the ISO week,
// 2026-W50), {{ month }} (2026-12), {{ quarter }} (2026-Q4) and {{ year }} (2026), all in UTC. A
// template renders them with its other variables; a step's own title gets these alone, so text that
// arrived in it from elsewhere (an issue's title through ${{ }}) can never reach anything else.

export interface Periods {
  date: string
  week: string
  month: string
  quarter: string
  year: string
}

export function periodsOf(now: Date): Periods {
  const year = now.getUTCFullYear()
  const month = now.getUTCMonth() + 1
  return {
    date: now.toISOString().slice(0, 10),
    week: isoWeek(now),
    month: `${year}-${String(month).padStart(2, '0')}`,
    quarter: `${year}-Q${Math.ceil(month / 3)}`,
    year: String(year),
  }
}

/**
 * The ISO 8601 week: weeks start on Monday, and week 1 is the one with the year's first Thursday, so
 * 2026-12-31 is in 2026-W53 and 2024-12-30 in 2025-W01.
 */
function isoWeek(now: Date): string {
  const day = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate()))
  // The Thursday of this week decides the week's year.
  day.setUTCDate(day.getUTCDate() + 3 - ((day.getUTCDay() + 6) % 7))
  const weekYear = day.getUTCFullYear()
  const firstThursday = new Date(Date.UTC(weekYear, 0, 4))
  firstThursday.setUTCDate(firstThursday.getUTCDate() + 3 - ((firstThursday.getUTCDay() + 6) % 7))
  const week = 1 + Math.round((day.getTime() - firstThursday.getTime()) / (7 * 24 * 3600 * 1000))
  return `${weekYear}-W${String(week).padStart(2, '0')}`
}

const PERIOD_TAG = /\{\{\s*(date|week|month|quarter|year)\s*\}\}/g

/** `text` with {{ date }}, {{ week }}, {{ month }}, {{ quarter }} and {{ year }} filled in; nothing else is read. */
export function withPeriods(text: string, now: Date): string {
  if (!text.includes('{{')) return text
  const periods = periodsOf(now)
  return text.replace(PERIOD_TAG, (_, name: keyof Periods) => periods[name])
}
