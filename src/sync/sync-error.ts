// The sync could not start (the list of mirrored issues could not be read). Its own module, so that
// the report knows it without loading the sync's code on every run.
export class SyncError extends Error {
  constructor(message: string) {
    super(message)
    this.name = 'SyncError'
  }
}
