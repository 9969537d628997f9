// LiveDesk's own "Get Ticket Details" example answer (its `data`), as the page prints it:
// https://www.engagelab.com/docs/livedesk/rest-api/ticket/get-tickets-details (English text; the
// English copy we hold stops inside the second attachment's URL, so the message's end, report.pdf,
// sent_at and is_internal, is as the Chinese pages of the same example print it:
// https://www.engagelab.com/zh_TW/docs/livedesk/rest-api/ticket/get-tickets-details). The page's
// status_changes list, after conversation_list, is left out: nothing we hold shows it whole.

/** The example's one message: a desk member's reply, with two files. */
export const DOCUMENTED_MESSAGE = {
  message_id: 'msg_20251104_001',
  sender: {
    id: 'u_12345',
    type: 'internal_member',
    name: 'Agent Li',
  },
  content: 'We have received your feedback and are processing it.',
  content_type: 'text',
  attachments: [
    {
      file_type: 'image/jpeg',
      file_url: 'https://example.com/files/progress.jpg',
    },
    {
      file_type: 'application/pdf',
      file_url: 'https://example.com/files/report.pdf',
    },
  ],
  sent_at: '2025-11-19T05:55:25Z',
  is_internal: false,
}

/** The example's ticket; `ticketId` in place of the page's tk_20251104_789abc. */
export function documentedTicket(ticketId = 'tk_20251104_789abc'): Record<string, unknown> {
  return {
    ticket_id: ticketId,
    title: 'Printer paper jam, unable to print',
    description: 'Customer reported A4 paper jammed at the output tray, needs urgent handling.',
    attachments: [{ file_url: 'https://example.com/files/error.jpg' }],
    status: 'open',
    priority: 'high',
    ticket_type: 'incident',
    requester: {
      euid: 'contact_12345',
      name: 'Zhang San',
      email: 'zhangsan@example.com',
      phone: '+8613900000000',
      channel_contacts: {
        channel_id: 'inbox_100',
        contact_id: '-1001234567890',
        sub_contact_id: '23232323',
        followers: ['u_12345', 'u_67890'],
      },
    },
    submitter: { id: 'u_99999' },
    assignment_team: { id: 5, name: 'IT Support' },
    custom_fields: { device_sn: 'PRN-2024-001' },
    conversation_list: [structuredClone(DOCUMENTED_MESSAGE)],
  }
}
