import type { Store as RateLimitStore } from 'express-rate-limit';
import type { Config } from '../config';
import type { DirectoryRecord } from '../domain/directory/directory-record';
import type { Store } from '../domain/ports';
import type { Locale } from '../domain/shared/locale';
import type { SafeHours } from '../domain/shared/safe-hours';
import type { Sealed } from '../domain/shared/sealed';
import type { Sealer } from '../domain/privacy/sealing';
import type { ReportAudioStore } from '../domain/voice/report-audio';
import type { VoiceStudio } from '../domain/voice/voice-studio';
import type { Logger } from '../logger';
import type { UnknownAccountLockouts } from './auth/unknown-account-lockouts';

export interface Clock {
  now(): Date;
}

/** A support directory contact as the console shows it: the store's record (issue 14 D). */
export type ConsoleDirectoryEntry = DirectoryRecord;

/** The one message the console asks the SMS pipeline to send: "you have a reply, dial to read it". */
export interface CounsellorReplyMessage {
  dedupeKey: string;
  sealedTo: Sealed;
  callerKey: string;
  text: string;
  locale: Locale;
  kind: 'counsellor_reply';
  timing: 'safe_hours';
  safeHours: SafeHours;
}

/** Satisfied by the queue's `SmsSender` (createSmsSender): `queued: false` means the caller opted out. */
export interface CounsellorReplySender {
  send(message: CounsellorReplyMessage): Promise<{ queued: boolean }>;
}

export type ConsoleConfig = Pick<
  Config,
  | 'NODE_ENV'
  | 'COOKIE_SECURE'
  | 'SESSION_IDLE_MINUTES'
  | 'PEPPER'
  | 'SAFE_HOURS_START'
  | 'SAFE_HOURS_END'
  | 'USSD_SERVICE_CODE'
  | 'CONTACT_VERIFY_DAYS'
>;

/** Everything the console (API and web pages) needs from the composition root. */
export interface ConsoleDeps {
  store: Store;
  sealer: Pick<Sealer, 'open'>;
  smsSender: CounsellorReplySender;
  /**
   * Told after a test call or a directory change is stored, so this process's phone screens follow at
   * once (other processes within CONTACT_REFRESH_MS). The directory itself is in the store.
   */
  onTestCallRecorded?: () => void;
  clock: Clock;
  config: ConsoleConfig;
  logger: Logger;
  /** Failed logins per client IP; defaults to 20 per 15 minutes, in memory per instance (docs/decisions.md). */
  loginRateLimit?: { windowMs: number; limit: number; store?: RateLimitStore };
  /** Failed logins of addresses without an account; the console router makes one when absent. */
  unknownAccounts?: UnknownAccountLockouts;
  /** The password check; tests wrap the real one to count hashing work. Defaults to scrypt verification. */
  verifyPassword?: (password: string, stored: string) => Promise<boolean>;
  /** The discreet SMS sent when a counsellor replies; defaults to the built-in French and Bambara texts. */
  replyNoticeText?: (locale: Locale) => string;
  /** The voice prompt studio (supervisor, admin); absent, its pages answer 404. */
  voiceStudio?: VoiceStudio;
  /** Spoken descriptions of voice reports (sealed); absent, the audio route answers 404. */
  reportAudio?: Pick<ReportAudioStore, 'get' | 'has'>;
}
