// Reading the list of mirrored issues (the open issues labelled livedesk) from where the last run
// stopped. These are the sync's reads of GitHub for the list; place.ts decides what the pages mean.
import { listOpenIssuesByLabel } from '../github/issues.js'
import type { GitHubApiOptions } from '../github/octokit-client.js'
import type { GitHubContext } from '../github/context.js'
import { MIRROR_LABEL } from '../memory/issue-marker.js'
import { ISSUES_PER_RUN } from './budget.js'
import type { SyncPlace } from './memory.js'
import { sortListed, type Page } from './place.js'

/** Issues a page of the list holds: more than are checked, so that ties at the place and pull requests leave enough. */
const LISTED_PER_PAGE = ISSUES_PER_RUN + 10
/** Pages of the list read at most (more than one only when many issues were updated in the same second). */
const PAGES_PER_RUN = 5

/** The page this run works from, the round it belongs to, and where it begins. */
export interface Listing {
  page: Page
  /** The newest update the round covers. */
  until: string
  /** Where this run begins: the last run's place, or undefined at the start of a round. */
  from: SyncPlace | undefined
}

/**
 * The issues after the last run's place; when none are left, a new round: the issues updated until
 * now (the newest of them), from the start of the list.
 */
export async function listFrom(
  api: GitHubApiOptions,
  ctx: GitHubContext,
  place: SyncPlace | undefined,
): Promise<Listing> {
  if (place) {
    const page = await listAfter(api, ctx, place, place.until)
    if (page.issues.length > 0 || page.beyond.length > 0) return { page, until: place.until, from: place }
  }
  const [newest] = await listOpenIssuesByLabel(api, ctx.repository, MIRROR_LABEL, { count: 1, newestFirst: true })
  const until = newest?.updated_at ?? new Date().toISOString()
  return { page: await listAfter(api, ctx, undefined, until), until, from: undefined }
}

/**
 * The labelled issues after `place` and updated until `until`: up to PAGES_PER_RUN pages, read on
 * only while ties at the place leave fewer than ISSUES_PER_RUN.
 */
async function listAfter(
  api: GitHubApiOptions,
  ctx: GitHubContext,
  place: SyncPlace | undefined,
  until: string,
): Promise<Page> {
  const page: Page = { issues: [], last: false, beyond: [] }
  const seen = new Set<number>()
  for (let number = 1; number <= PAGES_PER_RUN; number++) {
    const listed = await listOpenIssuesByLabel(api, ctx.repository, MIRROR_LABEL, {
      since: place?.since,
      count: LISTED_PER_PAGE,
      number,
    })
    sortListed(listed, place, until, page, seen)
    // The list is in order of updates: once past the round's end, the rest is too.
    if (listed.length < LISTED_PER_PAGE || page.beyond.length > 0) return { ...page, last: true }
    if (page.issues.length >= ISSUES_PER_RUN) break
  }
  return page
}
