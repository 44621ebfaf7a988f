import { obj, str, num, type ExampleCatalog } from './example-catalog.js';

/** The AI-agent alerts catalog: an AI-agent platform's real-time alert webhook (HTTPS only, test event). */
const payload = (dataSchema: Record<string, unknown> = { type: 'object' }) =>
  obj(
    {
      botName: str,
      conversationId: str,
      platformConversationId: str,
      data: dataSchema,
    },
    ['botName', 'conversationId'],
  );

const base = {
  botName: 'Soporte IA',
  conversationId: '65f1c0ffee0000000000c0de',
  platformConversationId: 'wa-5491155556666-1700000000',
  data: {},
};

export const aiAgentAlertsCatalog: ExampleCatalog = {
  name: 'ai-agent-alerts',
  title: 'AI-agent real-time alerts',
  description:
    'Failure alerts of an AI agent: handover, action, generic technical error, backend integration, and a test event. Every payload carries "event".',
  suggestedSettings: { httpsOnly: true },
  eventTypes: [
    {
      name: 'handover_failed',
      description: 'A handover to a human agent failed.',
      schema: payload(),
      envelope: { preset: 'event' },
      example: base,
    },
    {
      name: 'action_failed',
      description: 'An action of the agent failed.',
      schema: payload(),
      envelope: { preset: 'event' },
      example: base,
    },
    {
      name: 'technical_error',
      description: 'A generic technical error message was sent in the chat.',
      schema: payload(),
      envelope: { preset: 'event' },
      example: base,
    },
    {
      name: 'backend_integration_failed',
      description: 'A custom backend integration failed; "data" names which one.',
      schema: payload(
        obj(
          {
            botId: { type: 'string', pattern: '^[A-Za-z0-9]{24}$' },
            conversationId: str,
            conversationLink: { type: 'string', format: 'uri' },
            httpStatus: num,
            endpointUrl: { type: 'string', format: 'uri' },
          },
          ['botId', 'conversationId', 'conversationLink', 'httpStatus', 'endpointUrl'],
        ),
      ),
      envelope: { preset: 'event' },
      example: {
        ...base,
        data: {
          botId: '5f8d0d55b54764421b7156c3',
          conversationId: '65f1c0ffee0000000000c0de',
          conversationLink: 'https://app.example.com/conversations/65f1c0ffee0000000000c0de',
          httpStatus: 502,
          endpointUrl: 'https://crm.example.com/api/orders',
        },
      },
    },
    {
      name: 'test',
      description: 'A test event, so developers can try the webhook without waiting for a failure.',
      schema: payload(),
      envelope: { preset: 'event' },
      example: { ...base, data: { note: 'This is a test event' } },
    },
  ],
};
