import { bool, num, obj, str, type ExampleCatalog } from './example-catalog.js';

/** The contact-centre catalog: a contact-centre suite's fixed event catalog; every payload carries `event` and `date`. */
const interaction = {
  guid: str,
  campaign: str,
  agent: str,
  channel: str,
};

export const contactCenterCatalog: ExampleCatalog = {
  name: 'contact-center',
  title: 'Contact-center event notifications',
  description:
    'Agent and interaction events; Herald adds "event" and "date" (YYYY-MM-DD HH:mm:ss, UTC) to every payload.',
  suggestedSettings: { maxUrlLength: 256 },
  eventTypes: [
    {
      name: 'AgentRingNoAnswer',
      description: 'An agent did not answer a call within the campaign’s maximum ring time.',
      schema: obj(
        { agent: str, agentNumber: str, agentFullName: str, callerIdNum: str, campaign: str },
        ['agent', 'agentNumber', 'callerIdNum', 'campaign'],
      ),
      envelope: { preset: 'event-date' },
      example: {
        agent: 'agentTest',
        agentNumber: '9999',
        agentFullName: 'Agente Test',
        callerIdNum: '1234',
        campaign: 'Demo<-',
      },
    },
    {
      name: 'AgentLog',
      description: 'An agent logged in (isLogin true) or out (false).',
      schema: obj({ agent: str, isLogin: bool }, ['agent', 'isLogin']),
      envelope: { preset: 'event-date' },
      example: { agent: 'agentTest', isLogin: true },
    },
    {
      name: 'AgentBreak',
      description: 'An agent went on (isBreak true) or came back from (false) a break.',
      schema: obj({ agent: str, motive: str, isBreak: bool }, ['agent', 'isBreak']),
      envelope: { preset: 'event-date' },
      example: { agent: 'AgentTest', motive: 'Lunch', isBreak: true },
    },
    {
      name: 'FinishInteraction',
      description: 'An interaction ended on any channel: telephony, webchat, SMS or email.',
      schema: obj({ ...interaction, duration: num, clientId: str }, [
        'guid',
        'campaign',
        'agent',
        'channel',
      ]),
      envelope: { preset: 'event-date' },
      example: {
        guid: '5c0e5c6e-4f5f-4e0b-9a51-2f4a4bc1b7a1',
        campaign: 'Demo<-',
        agent: 'agentTest',
        duration: 185,
        clientId: '1234',
        channel: 'telephony',
      },
    },
    {
      name: 'InteractionDisposition',
      description: 'An agent recorded a disposition (three levels) for a telephony interaction.',
      schema: obj({ ...interaction, value1: str, value2: str, value3: str }, [
        'guid',
        'campaign',
        'agent',
        'value1',
      ]),
      envelope: { preset: 'event-date' },
      example: {
        guid: '5c0e5c6e-4f5f-4e0b-9a51-2f4a4bc1b7a1',
        campaign: 'Demo<-',
        agent: 'agentTest',
        value1: 'Sales',
        value2: 'Inquiry',
        value3: 'Pricing',
        channel: 'telephony',
      },
    },
  ],
};
