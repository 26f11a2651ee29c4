/**
 * The canonical hop: what every phone channel (Africa's Talking USSD, session-style HTTP dialects, USSD
 * over SMPP, voice) hands the phone application layer, and what it gets back. Adapters map their own
 * fields to and from these types and nothing else; see docs/architecture.md.
 */
import type { Screen } from '../domain/flow/engine';
import type { Locale } from '../domain/shared/locale';

export type PhoneChannel = 'ussd' | 'voice';
export type HopKind = 'begin' | 'continue' | 'end';

export interface PhoneHop {
  channel: PhoneChannel;
  /** Which dialect brought it (`at`, `hubtel`, `smpp`, `at-voice`…): sessions are keyed per gateway. */
  gateway: string;
  /** The gateway's session id (or correlation) for this call or dial. */
  sessionId: string;
  /** E.164. Handed to effects that must seal it; never logged, never stored in clear. */
  caller: string;
  kind: HopKind;
  /** The newest input (a key, or free text), or null on `begin` and `end`. */
  input: string | null;
  /** What was dialled after the service code (`*123*4#` → `4`), on `begin`; null when none. */
  extension: string | null;
  /**
   * Dialect A (Africa's Talking) only: every input of the session joined with `*`. The service keeps the
   * exact inputs per session; this lets it rebuild them when that history is lost (another instance, Redis
   * down), with the stateless segmentation. Dialects that send only the newest input leave it unset.
   */
  path?: string;
  /** Voice: the caller's spoken answer to a free-text question, to be fetched and sealed. */
  recording?: { url: string };
}

export interface HopAnswer {
  /** The page to show (USSD). `screen.node` is the node shown, null after a quick exit or an error. */
  screen: Screen;
  /** The locale the session is in after this hop. */
  locale: Locale;
  /** Values of the shown node's placeholders (voice reads `{code}` digit by digit). */
  vars: Record<string, string>;
  /**
   * The directory contacts the shown node lists that phones show now, in order (the lines its screen
   * adds): voice plays each one's name and number. Absent or empty: none.
   */
  contacts?: readonly { id: string; phone?: string | null | undefined }[];
  /**
   * The contacts the shown node's `numbers` part names that phones show now, with the number the screen
   * says (issue 14 D): voice plays these and no other. Absent: no visibility wired (the reviewed numbers).
   */
  numbers?: readonly { id: string; phone: string }[];
  outcome: 'ok' | 'error';
}

/** The phone application layer's entry point for every channel. Never throws: an error is an END apology. */
export interface PhoneHopHandler {
  handle(hop: PhoneHop): Promise<HopAnswer>;
}
