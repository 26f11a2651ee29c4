import { z } from 'zod';
import { CSRF_HEADER } from '../csrf.middleware';
import { auditQuery } from './audit.route';
import { contactAddSchema, contactEditSchema } from '../../../domain/directory/contact-edit';
import { testCallBody } from './directory.route';
import { consoleOpenApiComponents } from './openapi.components';
import { loginBody } from './auth.route';
import { referralBody, takedownBody, takedownUpdateBody } from './report-followups.route';
import { noteBody, replyBody } from './report-messages.route';
import { listQuery, statsQuery } from '../console-queries';
import { assignmentBody, statusBody } from './reports.route';
import { newUserBody } from './users.route';

/**
 * OpenAPI 3.1 description of the console API. Request schemas are generated from the same zod schemas
 * the routes validate with, so the two cannot drift; a test checks every mounted route is listed.
 */
type JsonSchema = Record<string, unknown>;

function schemaOf(s: z.ZodType): JsonSchema {
  const { $schema: _ignored, ...rest } = z.toJSONSchema(s, { io: 'input', unrepresentable: 'any' });
  return rest;
}

function queryParams(s: z.ZodObject): JsonSchema[] {
  const full = schemaOf(s) as { properties?: Record<string, JsonSchema> };
  return Object.entries(full.properties ?? {}).map(([name, schema]) => ({
    name,
    in: 'query',
    required: false,
    ...(schema.type === 'array' ? { style: 'form', explode: false } : {}),
    schema,
  }));
}

const pathParam = (name: string): JsonSchema => ({
  name,
  in: 'path',
  required: true,
  schema: { type: 'string' },
});
const ref = (name: string): JsonSchema => ({ $ref: `#/components/schemas/${name}` });
const jsonBody = (schema: JsonSchema): JsonSchema => ({
  required: true,
  content: { 'application/json': { schema } },
});
const ok = (description: string, schema: JsonSchema = { type: 'object' }): JsonSchema => ({
  description,
  content: { 'application/json': { schema } },
});
const errors = (...statuses: number[]): Record<string, JsonSchema> =>
  Object.fromEntries(statuses.map((s) => [String(s), { $ref: `#/components/responses/E${s}` }]));

interface OpSpec {
  summary: string;
  roles?: string;
  params?: string[];
  query?: z.ZodObject;
  body?: z.ZodType;
  responses: Record<string, JsonSchema>;
  public?: boolean;
}

function op(spec: OpSpec): JsonSchema {
  return {
    summary: spec.summary,
    ...(spec.roles ? { description: `Rôles : ${spec.roles}.` } : {}),
    ...(spec.public ? { security: [] } : {}),
    parameters: [...(spec.params ?? []).map(pathParam), ...(spec.query ? queryParams(spec.query) : [])],
    ...(spec.body ? { requestBody: jsonBody(schemaOf(spec.body)) } : {}),
    responses: spec.responses,
  };
}

const report = ref('Report');
const page = (item: JsonSchema): JsonSchema => ({
  type: 'object',
  properties: { items: { type: 'array', items: item }, nextCursor: { type: ['string', 'null'] } },
});
const ALL = 'counsellor, supervisor, admin';
const OVERSIGHT = 'supervisor, admin';
const STD = [400, 401, 403];

export const consoleOpenApi = {
  openapi: '3.1.0',
  info: {
    title: 'Tanga console API',
    version: '1.0.0',
    description:
      'API of the counsellors’ console. Session cookie from POST /auth/login; every POST/PUT/PATCH/DELETE ' +
      `needs the session’s CSRF token in the ${CSRF_HEADER} header. Unknown fields are refused with 400. ` +
      'Errors: {"error":{"code","message"}}.',
  },
  servers: [{ url: '/api/v1' }],
  security: [{ session: [] }],
  paths: {
    '/openapi.json': {
      get: op({ summary: 'This document', public: true, responses: { 200: ok('OpenAPI') } }),
    },
    '/auth/login': {
      post: op({
        summary: 'Log in; sets the session cookie',
        public: true,
        body: loginBody,
        responses: { 200: ok('Signed in', ref('Session')), ...errors(400, 401, 423, 429) },
      }),
    },
    '/auth/session': {
      get: op({
        summary: 'Current account and CSRF token',
        roles: ALL,
        responses: { 200: ok('Session', ref('Session')), ...errors(401) },
      }),
    },
    '/auth/logout': {
      post: op({
        summary: 'Log out',
        roles: ALL,
        responses: { 204: { description: 'Signed out' }, ...errors(401, 403) },
      }),
    },
    '/reports': {
      get: op({
        summary: 'The queue, by priority then age (counsellors: unassigned and their own)',
        roles: ALL,
        query: listQuery,
        responses: { 200: ok('A page of reports', page(report)), ...errors(...STD) },
      }),
    },
    '/reports/{id}': {
      get: op({
        summary: 'A report with notes, replies, referrals, take-downs (audited: report.view)',
        roles: ALL,
        params: ['id'],
        responses: { 200: ok('Report detail', ref('ReportDetail')), ...errors(...STD, 404) },
      }),
    },
    '/reports/{id}/status': {
      post: op({
        summary: 'Change the status (closing needs an outcome; reopening is for supervisors)',
        roles: ALL,
        params: ['id'],
        body: statusBody,
        responses: {
          200: ok('Updated', { type: 'object', properties: { report } }),
          ...errors(...STD, 404, 409),
        },
      }),
    },
    '/reports/{id}/assignment': {
      post: op({
        summary: 'Assign (supervisors), or take an unassigned report for oneself (counsellors)',
        roles: ALL,
        params: ['id'],
        body: assignmentBody,
        responses: {
          200: ok('Updated', { type: 'object', properties: { report } }),
          ...errors(...STD, 404, 409),
        },
      }),
    },
    '/reports/{id}/notes': {
      post: op({
        summary: 'Add an internal note',
        roles: ALL,
        params: ['id'],
        body: noteBody,
        responses: { 201: ok('Note'), ...errors(...STD, 404) },
      }),
    },
    '/reports/{id}/replies': {
      post: op({
        summary: 'Reply to the reporter (shown with the code; SMS notice only with consent, in safe hours)',
        roles: ALL,
        params: ['id'],
        body: replyBody,
        responses: {
          201: ok('Reply and smsNotice: queued | not_consented | opted_out | failed'),
          ...errors(...STD, 404),
        },
      }),
    },
    '/reports/{id}/referrals': {
      post: op({
        summary: 'Refer to a directory entry',
        roles: ALL,
        params: ['id'],
        body: referralBody,
        responses: { 201: ok('Referral'), ...errors(...STD, 404) },
      }),
    },
    '/reports/{id}/takedowns': {
      post: op({
        summary: 'Record a platform take-down request',
        roles: ALL,
        params: ['id'],
        body: takedownBody,
        responses: { 201: ok('Take-down'), ...errors(...STD, 404) },
      }),
    },
    '/reports/{id}/takedowns/{takedownId}': {
      patch: op({
        summary: 'Update a take-down request’s state',
        roles: ALL,
        params: ['id', 'takedownId'],
        body: takedownUpdateBody,
        responses: { 200: ok('Take-down'), ...errors(...STD, 404) },
      }),
    },
    '/reports/{id}/contact/reveal': {
      post: op({
        summary: 'Reveal the consented number (audited: report.reveal)',
        roles: 'the assigned counsellor, supervisor, admin',
        params: ['id'],
        responses: {
          200: ok('The number', { type: 'object', properties: { phoneNumber: { type: 'string' } } }),
          ...errors(...STD, 404, 409),
        },
      }),
    },
    '/directory': {
      get: op({
        summary:
          'Support directory: each entry with its verification from test calls (state, shownOnPhones, due, ' +
          'alarm, dueAt, lastCall), and `due`, the ids due for a test call, most urgent first',
        roles: ALL,
        responses: { 200: ok('Entries'), ...errors(401) },
      }),
      post: op({
        summary:
          'Add a contact; it starts unverified, hidden from phones until a confirmed test call; the id is ' +
          'made from the name when not given (audited: directory.add)',
        roles: OVERSIGHT,
        body: contactAddSchema,
        responses: { 201: ok('The contact with its verification'), ...errors(...STD, 409) },
      }),
    },
    '/directory/{id}': {
      patch: op({
        summary:
          'Change a contact’s name, label, regions, number or note (null clears); a new number voids the ' +
          'earlier test calls (audited: directory.edit, field names only)',
        roles: OVERSIGHT,
        params: ['id'],
        body: contactEditSchema,
        responses: { 200: ok('The contact and `changed`, the fields changed'), ...errors(...STD, 404) },
      }),
    },
    '/directory/{id}/test-calls': {
      get: op({
        summary: 'A contact’s test calls, newest first (at most 50), with who made each',
        roles: ALL,
        params: ['id'],
        responses: { 200: ok('Test calls'), ...errors(401, 404) },
      }),
      post: op({
        summary: 'Record a test call of a directory contact (audited: directory.test_call)',
        roles: OVERSIGHT,
        params: ['id'],
        body: testCallBody,
        responses: { 201: ok('The call and the contact’s new state'), ...errors(...STD, 404) },
      }),
    },
    '/audit': {
      get: op({
        summary: 'Audit log, newest first',
        roles: OVERSIGHT,
        query: auditQuery,
        responses: { 200: ok('A page of entries', page({ type: 'object' })), ...errors(...STD) },
      }),
    },
    '/stats': {
      get: op({
        summary: 'Counts by type, region and month; cells under 5 have count=null, suppressed=true',
        roles: OVERSIGHT,
        query: statsQuery,
        responses: { 200: ok('Cells'), ...errors(...STD) },
      }),
    },
    '/stats/weekly': {
      get: op({
        summary: 'Counts by type, region and ISO week (YYYY-Www, UTC); cells under 5 suppressed as above',
        roles: OVERSIGHT,
        query: statsQuery,
        responses: { 200: ok('Cells'), ...errors(...STD) },
      }),
    },
    '/exports/statistics.csv': {
      get: op({
        summary: 'CSV of the same cells, "<5" for suppressed ones (audited: export.csv)',
        roles: 'admin',
        query: statsQuery,
        responses: {
          200: { description: 'CSV', content: { 'text/csv': { schema: { type: 'string' } } } },
          ...errors(...STD),
        },
      }),
    },
    '/users': {
      get: op({
        summary: 'List accounts',
        roles: 'admin',
        responses: { 200: ok('Accounts'), ...errors(401, 403) },
      }),
      post: op({
        summary: 'Create an account (a strong password is generated and returned once when none is given)',
        roles: 'admin',
        body: newUserBody,
        responses: { 201: ok('Account'), ...errors(...STD, 409) },
      }),
    },
    '/users/{id}/deactivate': {
      post: op({
        summary: 'Deactivate an account',
        roles: 'admin',
        params: ['id'],
        responses: { 200: ok('Account'), ...errors(...STD, 404, 409) },
      }),
    },
    '/users/{id}/unlock': {
      post: op({
        summary: 'Unlock an account locked after failed logins',
        roles: 'admin',
        params: ['id'],
        responses: { 200: ok('Account'), ...errors(...STD, 404) },
      }),
    },
  },
  components: consoleOpenApiComponents,
} as const;
