import { aiAgentAlertsCatalog } from './ai-agent-alerts.catalog.js';
import { chatInboxCatalog } from './chat-inbox.catalog.js';
import { chatbotCatalog } from './chatbot.catalog.js';
import { contactCenterCatalog } from './contact-center.catalog.js';
import type { ExampleCatalog } from './example-catalog.js';

/** The example catalogs, one per source product, by name. */
export const EXAMPLE_CATALOGS: ReadonlyMap<string, ExampleCatalog> = new Map(
  [aiAgentAlertsCatalog, chatbotCatalog, contactCenterCatalog, chatInboxCatalog].map((c) => [
    c.name,
    c,
  ]),
);
