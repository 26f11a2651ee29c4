/**
 * The lean gateway path's request handling: one body reader with a size limit, form or JSON bodies, the
 * gateway secret, and plain answers. A phone waits on these callbacks, so none of Express's general
 * middleware runs for them (issue 13); what they refuse, and with which status, matches the Express path.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { parse as parseForm } from 'node:querystring';
import { AppError } from '../../domain/errors';
import type { UssdRouteMetrics } from '../../phone/hop-answers';
import { gatewaySecretAccepted } from '../gateway-secret';

/** A phone callback's body: far more than any real request (AT's whole path included). */
export const PHONE_BODY_LIMIT = 4 * 1024;
/** Far more than any real path or input; a longer text is not from a phone. */
export const PHONE_MAX_TEXT = 1000;

/** Times one hop into the latency histogram; call the result once with how it ended. */
export function startHopTimer(metrics: UssdRouteMetrics): (outcome: 'ok' | 'error' | 'rejected') => void {
  const timer = metrics.ussdLatency.startTimer();
  return (outcome) => void timer({ outcome });
}

/** Fields of a gateway callback: strings as sent; anything else (numbers, arrays) kept for validation. */
export type GatewayFields = Record<string, unknown>;

export interface LeanRequest {
  req: IncomingMessage;
  res: ServerResponse;
  /** The query string, parsed (only `token` is read). */
  query: URLSearchParams;
}

function mediaType(req: IncomingMessage): string {
  return (req.headers['content-type'] ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
}

/** Reads the whole body, refusing more than `limit` bytes (413) without buffering it. */
export function readBody(req: IncomingMessage, limit: number): Promise<Buffer> {
  const declared = Number(req.headers['content-length'] ?? NaN);
  if (declared > limit) {
    req.resume();
    return Promise.reject(new AppError('request body too large', { code: 'payload_too_large' }));
  }
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        req.removeAllListeners('data');
        req.resume();
        reject(new AppError('request body too large', { code: 'payload_too_large' }));
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => resolve(chunks.length === 1 ? (chunks[0] as Buffer) : Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

const FORM_OR_JSON = ['application/x-www-form-urlencoded', 'application/json'];

/** A form post or a JSON object; anything else is refused before reading (415), as on the Express path. */
export async function readGatewayFields(
  req: IncomingMessage,
  limit: number,
  accepted: readonly string[] = FORM_OR_JSON,
): Promise<GatewayFields> {
  const type = mediaType(req);
  if (!accepted.includes(type)) {
    req.resume();
    throw new AppError(
      accepted.length === 1 ? `send ${accepted[0]}` : 'send application/x-www-form-urlencoded (or JSON)',
      { code: 'unsupported_media_type' },
    );
  }
  const body = (await readBody(req, limit)).toString('utf8');
  // Node's own form parser: one object with no prototype (a `__proto__` field is just a field), and a
  // repeated field becomes a list (as Express's urlencoded parser does), which validation refuses.
  if (type === 'application/x-www-form-urlencoded') return parseForm(body);
  try {
    const parsed: unknown = body === '' ? {} : JSON.parse(body);
    if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed))
      throw new Error('not an object');
    return parsed as GatewayFields;
  } catch {
    throw new AppError('malformed request body', { code: 'bad_request' });
  }
}

/** Refuses a callback without the shared secret (401), before its body is read. */
export function assertGatewaySecret(secret: string | undefined, lean: LeanRequest): void {
  const header = lean.req.headers['x-gateway-secret'];
  const given = Array.isArray(header) ? header[0] : header;
  if (!gatewaySecretAccepted(secret, given, lean.query.get('token') ?? undefined)) {
    lean.req.resume();
    throw new AppError('missing or wrong gateway secret', { code: 'unauthorized' });
  }
}

/** A string field of at most `max` characters (and at least `min`), or the problem with it. */
export function stringField(
  fields: GatewayFields,
  name: string,
  opts: { min?: number; max: number; optional?: boolean },
): string | undefined {
  const value = fields[name];
  if (value === undefined && opts.optional) return undefined;
  if (typeof value !== 'string') throw new FieldProblem(`${name}: expected a string`);
  if (value.length < (opts.min ?? 0)) throw new FieldProblem(`${name}: too short`);
  if (value.length > opts.max) throw new FieldProblem(`${name}: too long`);
  return value;
}

/** One field's problem; the route turns it into its 400 message. */
export class FieldProblem extends Error {}

export function answerText(
  res: ServerResponse,
  status: number,
  text: string,
  contentType = 'text/plain; charset=utf-8',
): void {
  res.writeHead(status, {
    'content-type': contentType,
    'content-length': Buffer.byteLength(text),
  });
  res.end(text);
}

export function answerJson(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(text),
  });
  res.end(text);
}
