import pino from 'pino';
import type { Logger } from 'pino';

export type { Logger };

/**
 * Paths pino removes from every log line, in every environment: phone numbers, USSD input and SMS text,
 * request bodies and credentials. The free-text scrubber below catches numbers that slip into messages.
 */
export const REDACT_PATHS = [
  'phoneNumber',
  'phone',
  'number',
  'to',
  'from',
  'msisdn',
  'text',
  'message',
  'description',
  'body',
  'password',
  '*.phoneNumber',
  '*.phone',
  '*.number',
  '*.to',
  '*.from',
  '*.msisdn',
  '*.text',
  '*.message',
  '*.description',
  '*.body',
  '*.password',
  'req.body',
  'req.query',
  'req.headers.authorization',
  'req.headers.cookie',
  'req.headers["x-gateway-secret"]',
  'req.headers["x-csrf-token"]',
  'res.headers["set-cookie"]',
  'err.config',
  'err.request',
  'err.response',
];

// Seven or more digits, optionally with +, spaces, dots or dashes between them: a phone number in any form.
const PHONE_LIKE = /\+?\d[\d\s.-]{6,}\d/g;

/** Masks anything that looks like a phone number inside a free string (e.g. an error message). */
export function scrubPhoneNumbers(s: string): string {
  return s.replace(PHONE_LIKE, '[number]');
}

export function createLogger(
  opts: { level?: string; destination?: pino.DestinationStream; name?: string } = {},
): Logger {
  return pino(
    {
      name: opts.name ?? 'tanga',
      level: opts.level ?? 'info',
      redact: { paths: REDACT_PATHS, censor: '[redacted]' },
      // `msg` and error messages are free text: scrub numbers out of them too.
      hooks: {
        logMethod(args, method) {
          const scrubbed = args.map((a) => (typeof a === 'string' ? scrubPhoneNumbers(a) : a)) as typeof args;
          method.apply(this, scrubbed);
        },
      },
      serializers: {
        err: (e: unknown) => {
          const s = pino.stdSerializers.err(e as Error);
          return { ...s, message: scrubPhoneNumbers(s.message), stack: scrubPhoneNumbers(s.stack ?? '') };
        },
      },
    },
    opts.destination,
  );
}
