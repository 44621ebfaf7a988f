import type { INestApplication } from '@nestjs/common';
import type { OpenAPIObject } from '@nestjs/swagger';
import { HTTP_METHODS } from './api-document.js';

/** Express's view of its router: enough to list what is mounted. */
interface RouterLayer {
  route?: { path: string; methods: Record<string, boolean> };
}

/** Every route the app's HTTP server answers, as `GET /v1/endpoints/{id}` (OpenAPI path syntax). */
export function servedRoutes(app: INestApplication): string[] {
  const express = app.getHttpAdapter().getInstance() as { router: { stack: RouterLayer[] } };
  return express.router.stack
    .flatMap(({ route }) =>
      route
        ? Object.keys(route.methods)
            .filter((method) => method !== '_all')
            .map((method) => `${method.toUpperCase()} ${route.path.replace(/:(\w+)/g, '{$1}')}`)
        : [],
    )
    .sort();
}

/** Every operation of a document, in the same form. */
export function documentedRoutes(document: OpenAPIObject): string[] {
  return Object.entries(document.paths)
    .flatMap(([path, item]) =>
      HTTP_METHODS.filter((method) => item[method]).map((m) => `${m.toUpperCase()} ${path}`),
    )
    .sort();
}
