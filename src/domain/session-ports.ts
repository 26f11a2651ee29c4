/**
 * Ports the phone side needs for live sessions: what a caller chose before (language) and the exact inputs
 * of a session. Both are best effort: an implementation answers null (or drops a write) rather than fail a
 * hop, and the hop service copes with either.
 */
import type { Locale } from './shared/locale';

/** A caller's remembered language, keyed by caller key (never the number). */
export interface CallerPref {
  locale: Locale;
  /** The gateway session in which the language was first chosen (see PhoneHopService). */
  firstSession: string;
}

export interface CallerPrefsStore {
  /** Null when unknown or when the store cannot answer: the caller is then simply asked again. */
  get(callerKey: string): Promise<CallerPref | null>;
  /**
   * Saves the locale; `firstSession` only when none is stored yet (an earlier session's stays), so a
   * language choice needs no read first.
   */
  set(callerKey: string, pref: CallerPref): Promise<void>;
}

/** The exact inputs of a session (and, for dialect A, the path they were read from). */
export interface SessionHistory {
  text: string;
  inputs: string[];
}

export interface SessionHistoryStore {
  get(sessionKey: string): Promise<SessionHistory | null>;
  set(sessionKey: string, h: SessionHistory): Promise<void>;
}
