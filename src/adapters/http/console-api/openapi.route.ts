import type { Router } from 'express';
import { consoleOpenApi } from './openapi.document';

export function registerOpenApiRoute(api: Router): void {
  api.get('/openapi.json', (_req, res) => {
    res.json(consoleOpenApi);
  });
}
