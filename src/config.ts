import { randomBytes } from 'node:crypto';
import { z } from 'zod';
import { trustProxySchema } from './trust-proxy';
import { parseStaffedHours } from './domain/voice/transfer';

/**
 * The whole configuration, read once from the environment at start. Every variable is documented in
 * `.env.example`; a test keeps the two in step.
 */
const bool = z
  .enum(['true', 'false', '1', '0', 'yes', 'no'])
  .transform((v) => v === 'true' || v === '1' || v === 'yes');

/** "1,0": ussd_service_op values, comma-separated. */
const opList = z
  .string()
  .regex(/^\d{1,3}(,\d{1,3})*$/, 'comma-separated numbers')
  .transform((raw) => raw.split(',').map(Number));

const hour = z.coerce.number().int().min(0).max(24);

/** "id:base64key,id2:base64key": several sealing keys, so data sealed under an old key stays readable. */
const sealKeys = z
  .string()
  .min(1)
  .transform((raw, ctx) => {
    const keys = new Map<string, Buffer>();
    for (const part of raw.split(',')) {
      const [id, b64] = part.trim().split(':');
      const key = b64 ? Buffer.from(b64, 'base64') : Buffer.alloc(0);
      if (!id || !/^[A-Za-z0-9_-]{1,32}$/.test(id) || key.length !== 32) {
        ctx.addIssue({ code: 'custom', message: 'each entry must be id:base64 of 32 bytes' });
        return z.NEVER;
      }
      keys.set(id, key);
    }
    return keys;
  });

export const configSchema = z
  .object({
    NODE_ENV: z.enum(['development', 'test', 'production']).default('development'),
    HOST: z.string().default('0.0.0.0'),
    PORT: z.coerce.number().int().min(0).max(65535).default(3000),
    LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
    PUBLIC_BASE_URL: z.url().optional(),
    TRUST_PROXY: trustProxySchema,

    PEPPER: z.string().min(32).optional(),
    SEAL_KEYS: sealKeys.optional(),
    SEAL_CURRENT_KEY_ID: z.string().optional(),

    REDIS_URL: z.string().default('redis://127.0.0.1:6379'),
    QUEUE_PREFIX: z
      .string()
      .regex(/^[a-z0-9_-]+$/i)
      .default('tanga'),
    WORKERS: z.enum(['inline', 'none']).default('inline'),
    OUTBOX_DRAIN_EVERY_MS: z.coerce.number().int().min(200).max(3_600_000).default(30_000),
    INBOX_DRAIN_EVERY_MS: z.coerce.number().int().min(200).max(3_600_000).default(10_000),
    OUTBOX_RESEND_AFTER_MS: z.coerce.number().int().min(1_000).max(86_400_000).default(60_000),

    DATA_DIR: z.string().default('./data'),
    MONGODB_URI: z.string().optional(),

    FLOWS_DIR: z.string().default('./flows'),
    BAMBARA_SPELLING: z.enum(['official', 'gsm', 'french']).default('gsm'),
    USSD_SERVICE_CODE: z.string().default('*123#'),
    GATEWAY_SECRET: z.string().min(16).optional(),
    ALLOW_OPEN_GATEWAY: bool.default(false),

    AT_USERNAME: z.string().optional(),
    AT_API_KEY: z.string().optional(),
    AT_SENDER_ID: z.string().optional(),
    AT_API_BASE_URL: z.url().optional(),
    AT_TIMEOUT_MS: z.coerce.number().int().min(100).max(60000).default(10000),
    VOICE_AUDIO_BASE_URL: z.url().optional(),
    VOICE_TRANSFER_NUMBER: z
      .string()
      .regex(/^\+[1-9][0-9]{6,14}$/, 'an E.164 number, e.g. +22320000000')
      .optional(),
    VOICE_STAFFED_HOURS: z
      .string()
      .regex(/^\d{1,2}-\d{1,2}$/, 'start-end hours, e.g. 8-18')
      .refine((v) => parseStaffedHours(v) !== null, 'start must be before end, end at most 24')
      .default('8-18'),

    SMS_GATEWAY: z.enum(['africastalking', 'log', 'smpp']).optional(),
    SMPP_URL: z
      .string()
      .regex(/^s?smpp:\/\/[^:@/]+:[^@/]*@[^:/]+(:\d+)?\/?$/, 'smpp://system_id:password@host:port')
      .optional(),
    SMPP_SYSTEM_TYPE: z.string().max(12).default(''),
    SMPP_SOURCE_ADDR: z.string().max(20).optional(),
    SMPP_SOURCE_TON: z.coerce.number().int().min(0).max(6).optional(),
    SMPP_SOURCE_NPI: z.coerce.number().int().min(0).max(18).optional(),
    SMPP_TPS: z.coerce.number().int().min(1).max(1000).default(50),
    SMPP_WINDOW: z.coerce.number().int().min(1).max(100).default(10),
    SMPP_ENQUIRE_LINK_MS: z.coerce.number().int().min(100).max(300_000).default(30_000),
    SMPP_RESPONSE_TIMEOUT_MS: z.coerce.number().int().min(100).max(60_000).default(10_000),
    SMPP_RECONNECT_MAX_MS: z.coerce.number().int().min(100).max(600_000).default(30_000),
    USSD_SMPP: z.enum(['on', 'off']).default('off'),
    SMPP_USSD_OP_MENU: z.coerce.number().int().min(0).max(255).default(2),
    SMPP_USSD_OP_LAST: z.coerce.number().int().min(0).max(255).default(17),
    SMPP_USSD_OPS_BEGIN: opList.default([1]),
    SMPP_USSD_OPS_CONTINUE: opList.default([18]),
    SMPP_USSD_ENCODING: z.enum(['auto', 'gsm', 'ucs2']).default('auto'),
    SMPP_USSD_BUDGET_GSM7: z.coerce.number().int().min(60).max(182).default(182),
    SMPP_USSD_BUDGET_UCS2: z.coerce.number().int().min(40).max(91).default(80),

    TIMEZONE: z.string().default('Africa/Bamako'),
    SAFE_HOURS_START: hour.default(8),
    SAFE_HOURS_END: hour.default(20),
    SMS_RATE_PER_SECOND: z.coerce.number().int().min(1).max(1000).default(10),
    SMS_DAILY_CAP_PER_CALLER: z.coerce.number().int().min(1).max(100).default(5),

    REPORTS_PER_CALLER_PER_DAY: z.coerce.number().int().min(1).max(100).default(5),
    WRONG_CODES_PER_HOUR: z.coerce.number().int().min(1).max(100).default(5),
    REPORT_DRAFT_TTL_SECONDS: z.coerce.number().int().min(60).max(86400).default(600),
    REPORT_TEXT_MAX: z.coerce.number().int().min(20).max(1000).default(160),
    /** A support contact is shown on phones only while its last confirmed test call is this recent. */
    CONTACT_VERIFY_DAYS: z.coerce.number().int().min(1).max(730).default(180),
    RETENTION_DAYS: z.coerce.number().int().min(1).max(3650).default(90),

    SESSION_IDLE_MINUTES: z.coerce.number().int().min(1).max(1440).default(30),
    LOGIN_FAILURES_PER_ADDRESS: z.coerce.number().int().min(1).max(1000).default(20),
    COOKIE_SECURE: bool.optional(),
    METRICS_TOKEN: z.string().min(16).optional(),
    WORKER_METRICS_PORT: z.coerce.number().int().min(0).max(65535).default(9091),
  })
  .superRefine((c, ctx) => {
    if (c.NODE_ENV === 'production') {
      if (!c.PEPPER) ctx.addIssue({ code: 'custom', path: ['PEPPER'], message: 'required in production' });
      if (!c.SEAL_KEYS)
        ctx.addIssue({ code: 'custom', path: ['SEAL_KEYS'], message: 'required in production' });
      // Open callbacks let anyone forge inbound SMS and delivery reports; only on purpose.
      if (!c.GATEWAY_SECRET && !c.ALLOW_OPEN_GATEWAY)
        ctx.addIssue({
          code: 'custom',
          path: ['GATEWAY_SECRET'],
          message: 'required in production (or ALLOW_OPEN_GATEWAY=true)',
        });
    }
    if (c.SEAL_KEYS && c.SEAL_CURRENT_KEY_ID && !c.SEAL_KEYS.has(c.SEAL_CURRENT_KEY_ID)) {
      ctx.addIssue({ code: 'custom', path: ['SEAL_CURRENT_KEY_ID'], message: 'must name one of SEAL_KEYS' });
    }
    if (c.SAFE_HOURS_START >= c.SAFE_HOURS_END) {
      ctx.addIssue({ code: 'custom', path: ['SAFE_HOURS_END'], message: 'must be after SAFE_HOURS_START' });
    }
    const smppWanted = c.SMS_GATEWAY === 'smpp' || c.USSD_SMPP === 'on';
    if (smppWanted && !c.SMPP_URL) {
      ctx.addIssue({
        code: 'custom',
        path: ['SMPP_URL'],
        message: 'required by SMS_GATEWAY=smpp or USSD_SMPP=on',
      });
    }
    if (c.SMS_GATEWAY === 'africastalking' && !c.AT_USERNAME) {
      ctx.addIssue({
        code: 'custom',
        path: ['AT_USERNAME'],
        message: 'required by SMS_GATEWAY=africastalking',
      });
    }
    if (c.SMS_GATEWAY === 'smpp' && !c.SMPP_SOURCE_ADDR) {
      ctx.addIssue({ code: 'custom', path: ['SMPP_SOURCE_ADDR'], message: 'required by SMS_GATEWAY=smpp' });
    }
    if ((c.AT_USERNAME === undefined) !== (c.AT_API_KEY === undefined)) {
      ctx.addIssue({
        code: 'custom',
        path: ['AT_API_KEY'],
        message: 'AT_USERNAME and AT_API_KEY go together',
      });
    }
  });

type RawConfig = z.infer<typeof configSchema>;

export interface Config extends Omit<RawConfig, 'PEPPER' | 'SEAL_KEYS' | 'SEAL_CURRENT_KEY_ID'> {
  PEPPER: string;
  SEAL_KEYS: Map<string, Buffer>;
  SEAL_CURRENT_KEY_ID: string;
  /** Names of secrets that were generated for this run only (development and test). */
  generatedSecrets: string[];
}

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

/** Parses the environment; throws ConfigError listing every problem at once. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  // Empty strings in .env files mean "not set".
  const cleaned = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ''));
  const parsed = configSchema.safeParse(cleaned);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`);
    // zod skips the cross-field rules when a field is invalid; the production secrets are still worth
    // listing now, so the operator fixes everything in one go.
    if (cleaned.NODE_ENV === 'production') {
      for (const name of ['PEPPER', 'SEAL_KEYS'] as const) {
        const problem = `${name}: required in production`;
        if (!cleaned[name] && !problems.includes(problem)) problems.push(problem);
      }
    }
    throw new ConfigError(problems);
  }
  const raw = parsed.data;
  const generatedSecrets: string[] = [];
  let pepper = raw.PEPPER;
  if (!pepper) {
    pepper = randomBytes(32).toString('base64');
    generatedSecrets.push('PEPPER');
  }
  let keys = raw.SEAL_KEYS;
  if (!keys) {
    keys = new Map([['dev', randomBytes(32)]]);
    generatedSecrets.push('SEAL_KEYS');
  }
  const current = raw.SEAL_CURRENT_KEY_ID ?? [...keys.keys()].at(-1) ?? 'dev';
  return { ...raw, PEPPER: pepper, SEAL_KEYS: keys, SEAL_CURRENT_KEY_ID: current, generatedSecrets };
}

/** Test helper and script helper: a config from defaults plus overrides. */
export function testConfig(overrides: Record<string, string> = {}): Config {
  return loadConfig({ NODE_ENV: 'test', LOG_LEVEL: 'silent', ...overrides });
}
