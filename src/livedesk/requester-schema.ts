// LiveDesk's requester object (the API page's requester: euid and/or channel_contacts) as a zod
// schema. A module of its own, loaded with import() only when a requester mapping is given: the
// bundle keeps the few zod functions named here (18 KB) in a chunk that a plain create never loads
// (a dynamic import of zod itself would bundle all of zod/mini, 400 KB).
import * as z from 'zod/mini'

const requesterSchema = z.strictObject({
  euid: z.optional(z.string()),
  channel_contacts: z.optional(
    z.strictObject({
      channel_id: z.string(),
      contact_id: z.string(),
      sub_contact_id: z.optional(z.string()),
      followers: z.optional(z.array(z.strictObject({ id: z.string(), name: z.optional(z.string()) }))),
    }),
  ),
})

export function checkRequester(value: unknown) {
  return z.safeParse(requesterSchema, value)
}
