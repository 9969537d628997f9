// What GitHub takes in one write: the size of an issue comment, for the recipes that word them.

/**
 * GitHub refuses an issue comment over 65,536 characters: HTTP 422, "body is too long (maximum is
 * 65536 characters)" (docs.github.com/rest/issues/comments#create-an-issue-comment; danger/danger#424,
 * suzuki-shunsuke/github-comment#124).
 */
const GITHUB_COMMENT_CHARS = 65_536

/**
 * The most the action writes in one comment, in UTF-16 code units (String.length). GitHub says
 * "characters" and documents no unit: code units are never fewer than code points, and 64,000 of
 * them are at most 192,000 UTF-8 bytes, under the 262,144 bytes one measured as the real limit
 * (dead-claudia/github-limits#13). The margin, 1,536 (2.3%), is for a count on GitHub's side this
 * code cannot test: a reply cut a little early loses little; a refused one is not posted at all.
 */
export const COMMENT_MAX_LENGTH = GITHUB_COMMENT_CHARS - 1_536
