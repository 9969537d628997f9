// The period variables of a date, computed here apart from src/recipes/periods.ts (another way to the
// ISO week: the week's Thursday, and how many days into its year it falls), for the tests that run
// the step on today's date.
export function periodsOn(date = new Date()): { date: string; week: string; month: string; quarter: string } {
  const day = new Date(Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), date.getUTCDate()))
  const weekday = day.getUTCDay() || 7
  const thursday = new Date(day.getTime() + (4 - weekday) * 86_400_000)
  const yearStart = Date.UTC(thursday.getUTCFullYear(), 0, 1)
  const week = Math.floor((thursday.getTime() - yearStart) / 86_400_000 / 7) + 1
  const [y, m] = [date.getUTCFullYear(), date.getUTCMonth() + 1]
  return {
    date: date.toISOString().slice(0, 10),
    week: `${thursday.getUTCFullYear()}-W${String(week).padStart(2, '0')}`,
    month: `${y}-${String(m).padStart(2, '0')}`,
    quarter: `${y}-Q${Math.ceil(m / 3)}`,
  }
}
