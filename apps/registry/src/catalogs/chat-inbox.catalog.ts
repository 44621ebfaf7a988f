import { obj, str, type ExampleCatalog } from './example-catalog.js';

/** The chat inbox catalog: a chat inbox's account webhooks: `event` plus the object's attributes. */
const account = { id: '1', name: 'Evolvy' };
const contact = { id: '1', name: 'contact-name' };
const browser = {
  device_name: 'Macbook',
  browser_name: 'Chrome',
  platform_name: 'Macintosh',
  browser_version: '80.0.3987.122',
  platform_version: '10.15.2',
};
const conversation = {
  additional_attributes: {
    browser,
    referer: 'http://www.evolvy.com',
    initiated_at: { timestamp: '2023-01-05T19:24:12Z' },
  },
  can_replay: true,
  channel: 'Channel::WebWidget',
  id: 1,
  inbox_id: 1,
  contact_inbox: {
    id: 1,
    contact_id: 1,
    inbox_id: 1,
    source_id: 'c7d9f2a1',
    created_at: '2023-01-05T19:24:12Z',
    updated_at: '2023-01-05T19:24:12Z',
    hmac_verified: false,
  },
  messages: [],
  meta: {
    sender: { ...contact, type: 'contact' },
    assignee: { id: 1, name: 'Agent', type: 'user' },
  },
  status: 'open',
  unread_count: 1,
  agent_last_seen_at: 1672946652,
  contact_last_seen_at: 1672946652,
  timestamp: 1672946652,
  account_id: 1,
};
const message = {
  id: '1',
  content: 'Hi',
  created_at: '2023-01-01 18:12:45 UTC',
  message_type: 'incoming',
  content_type: 'text',
  content_attributes: {},
  source_id: '',
  sender: { id: '1', name: 'Agent', email: 'agent@example.com' },
  contact,
  conversation: {
    display_id: '1',
    additional_attributes: {
      browser,
      referer: 'http://www.evolvy.com',
      initiated_at: 'Wed  Jan  05  2023 - 19:24:12 GMT-0700',
    },
  },
  account,
};
const conversationSchema = obj({ id: { type: 'integer' }, status: str, channel: str }, ['id']);
const messageSchema = obj(
  { id: str, content: str, message_type: str, content_type: str, sender: { type: 'object' } },
  ['id', 'message_type'],
);

export const chatInboxCatalog: ExampleCatalog = {
  name: 'chat-inbox',
  title: 'Chat inbox account webhooks',
  description:
    'Conversation, message and web-widget events; Herald adds "event" to each object’s attributes.',
  suggestedSettings: {},
  eventTypes: [
    {
      name: 'conversation_created',
      description: 'A new conversation was created in the account.',
      schema: conversationSchema,
      envelope: { preset: 'event' },
      example: conversation,
    },
    {
      name: 'conversation_updated',
      description: 'Attributes of a conversation changed; "changed_attributes" lists them.',
      schema: obj(
        { ...(conversationSchema.properties as object), changed_attributes: { type: 'array' } },
        ['id', 'changed_attributes'],
      ),
      envelope: { preset: 'event' },
      example: {
        changed_attributes: [{ status: { current_value: 'resolved', previous_value: 'open' } }],
        ...conversation,
        status: 'resolved',
      },
    },
    {
      name: 'conversation_status_changed',
      description: 'The status of a conversation changed.',
      schema: conversationSchema,
      envelope: { preset: 'event' },
      example: { ...conversation, status: 'pending' },
    },
    {
      name: 'message_created',
      description: 'A message was created in a conversation.',
      schema: messageSchema,
      envelope: { preset: 'event' },
      example: message,
    },
    {
      name: 'message_updated',
      description: 'A message of a conversation was updated.',
      schema: messageSchema,
      envelope: { preset: 'event' },
      example: { ...message, content: 'Hi (edited)' },
    },
    {
      name: 'webwidget_triggered',
      description: 'The end user opened the live-chat widget.',
      schema: obj(
        { id: {}, contact: { type: 'object' }, inbox: { type: 'object' }, source_id: str },
        ['contact', 'inbox', 'source_id'],
      ),
      envelope: { preset: 'event' },
      example: {
        id: 1,
        contact: { ...contact, avatar: '', type: 'contact', account },
        inbox: { id: '1', name: 'Website' },
        account,
        current_conversation: conversation,
        source_id: 'c7d9f2a1',
        event_info: {
          initiated_at: { timestamp: '2023-01-05T19:24:12Z' },
          referer: 'http://www.evolvy.com',
          widget_language: 'pt_BR',
          browser_language: 'pt',
          browser,
        },
      },
    },
  ],
};
