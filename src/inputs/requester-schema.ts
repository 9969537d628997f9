// The shape of the requester mapping, in its own chunk: zod is loaded only when a requester is given.
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
