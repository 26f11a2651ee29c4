import { SESSION_COOKIE } from '../console-session.middleware';

/** Shared parts of the console's OpenAPI document: security scheme, response shapes, error responses. */
const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });
const report = ref('Report');

export const consoleOpenApiComponents = {
  securitySchemes: { session: { type: 'apiKey', in: 'cookie', name: SESSION_COOKIE } },
  schemas: {
    Error: {
      type: 'object',
      properties: {
        error: {
          type: 'object',
          properties: { code: { type: 'string' }, message: { type: 'string' } },
          required: ['code', 'message'],
        },
      },
    },
    Session: {
      type: 'object',
      properties: {
        user: {
          type: 'object',
          properties: {
            id: { type: 'string' },
            email: { type: 'string' },
            displayName: { type: 'string' },
            role: { type: 'string' },
          },
        },
        csrfToken: { type: 'string' },
      },
    },
    Report: {
      type: 'object',
      description: 'No number is ever included: hasContactNumber says whether one may be revealed.',
      properties: {
        id: { type: 'string' },
        code: { type: 'string' },
        status: { type: 'string' },
        outcome: { type: ['string', 'null'] },
        priority: { type: 'integer', enum: [1, 2, 3] },
        type: { type: 'string' },
        region: { type: ['string', 'null'] },
        description: { type: ['string', 'null'] },
        contact: { type: 'string' },
        hasContactNumber: { type: 'boolean' },
        assignedTo: { type: ['string', 'null'] },
        version: { type: 'integer' },
        createdAt: { type: 'string', format: 'date-time' },
      },
    },
    ReportDetail: {
      type: 'object',
      properties: {
        report,
        notes: { type: 'array' },
        replies: { type: 'array' },
        referrals: { type: 'array' },
        takedowns: { type: 'array' },
        allowedTransitions: { type: 'array', items: { type: 'string' } },
      },
    },
  },
  responses: Object.fromEntries(
    [400, 401, 403, 404, 409, 423, 429].map((s) => [
      `E${s}`,
      { description: `Error ${s}`, content: { 'application/json': { schema: ref('Error') } } },
    ]),
  ),
};
