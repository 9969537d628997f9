// The error a call fails with, for the tests of what a failure says.

/** What `promise` rejects with: a `type`, or the test fails (it resolved, or failed with something else). */
export async function rejection<E>(
  promise: Promise<unknown>,
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- any error class
  type: new (...args: any[]) => E,
): Promise<E> {
  try {
    await promise
  } catch (err) {
    if (err instanceof type) return err
    throw err
  }
  throw new Error(`expected a ${type.name}, and nothing failed`)
}
