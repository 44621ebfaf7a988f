import { obj, str, type ExampleCatalog } from './example-catalog.js';

/** The chatbot catalog: a chatbot platform's message webhooks, versioned `"v": "1.1"`, types `message` and `status`. */
const platform = {
  type: 'string',
  description: 'webchat, whatsapp, messenger, telegram, twitter, …',
};

export const chatbotCatalog: ExampleCatalog = {
  name: 'chatbot',
  title: 'Chatbot message webhooks',
  description:
    'Messages (with variable changes) and message status notifications, in format version "1.1". Publish with a channel (the chat channel id) to let endpoints attach to channels.',
  suggestedSettings: { uniqueChannelEndpoint: true },
  eventTypes: [
    {
      name: 'message',
      description:
        'Messages of a conversation (several when the bot answers), with the variables they changed.',
      schema: obj(
        {
          chatPlatform: platform,
          contactId: str,
          whatsappNumber: str,
          chatIdInChatPlatform: str,
          chatChannelId: str,
          customerId: str,
          firstName: str,
          lastName: str,
          customerCreationTime: { type: 'string', format: 'date-time' },
          sessionCreationTime: { type: 'string', format: 'date-time' },
          messages: {
            type: 'array',
            items: obj(
              {
                _id_: str,
                date: { type: 'string', format: 'date-time' },
                message: str,
                fromName: str,
                from: { enum: ['bot', 'user', 'operator'] },
                fromCustomer: { type: 'boolean' },
                isButton: { type: 'boolean' },
                hasAttachment: { type: 'boolean' },
                operatorId: str,
                operatorName: str,
                operatorEmail: str,
                operatorRole: str,
                queue: str,
                intentName: str,
              },
              ['_id_', 'date', 'from'],
            ),
          },
          variables: { type: 'object', additionalProperties: { type: 'string' } },
        },
        ['chatPlatform', 'contactId', 'chatChannelId', 'customerId', 'messages'],
      ),
      envelope: { preset: 'v-type', v: '1.1' },
      example: {
        chatPlatform: 'whatsapp',
        contactId: '5491155556666',
        whatsappNumber: '551149331774',
        chatChannelId: 'whatsapp-551149331774',
        customerId: 'NDRP2LQVX2C4G8DNEQCH',
        firstName: 'Pedro',
        lastName: 'Apellido',
        customerCreationTime: '2021-02-28T23:59:00.147Z',
        sessionCreationTime: '2021-03-08T19:28:45.147Z',
        messages: [
          {
            _id_: 'PHW3S2KV4VRWL17BBM1U',
            date: '2021-03-08T19:44:14.388Z',
            message: 'Hola, cómo estás?',
            fromName: 'Bot',
            from: 'bot',
            intentName: 'Nombre de una Intención',
          },
        ],
        variables: { varName1: 'new val 1', varName2: 'new val 2' },
      },
    },
    {
      name: 'status',
      description: 'A message sent by the bot or an operator was delivered or read.',
      schema: obj(
        {
          businessId: str,
          contactId: str,
          chatChannelId: str,
          chatPlatform: platform,
          whatsappNumber: str,
          customerId: str,
          status: { enum: ['delivered', 'read'] },
          statusChangeTime: { type: 'string', format: 'date-time' },
          messageId: str,
          clientPayload: str,
        },
        [
          'businessId',
          'contactId',
          'chatChannelId',
          'chatPlatform',
          'customerId',
          'status',
          'statusChangeTime',
          'messageId',
        ],
      ),
      envelope: { preset: 'v-type', v: '1.1' },
      example: {
        businessId: 'acmebot',
        contactId: '5491155556666',
        chatChannelId: 'whatsapp-551149331774',
        chatPlatform: 'whatsapp',
        whatsappNumber: '551149331774',
        customerId: 'NDRP2LQVX2C4G8DNEQCH',
        status: 'read',
        statusChangeTime: '2021-03-01T00:00:00.000Z',
        messageId: 'PHW3S2KV4VRWL17BBM1U',
        clientPayload: 'order-42',
      },
    },
  ],
};
