/**
 * What the phone application layer hands the features that plug into a hop (resolvers, effects, the start
 * hook): plain values about the session, never a gateway's request.
 */
import type { SessionState } from '../domain/flow/engine';
import type { Locale } from '../domain/shared/locale';
import type { PhoneChannel } from './hop';

export interface HopContext {
  /** The session's key: the gateway's session id, namespaced per gateway (see PhoneHopService). */
  sessionId: string;
  /** The channel of the hop: a report filed from a voice call is a 'voice' report. */
  channel: PhoneChannel;
  callerKey: string;
  /** E.164; only handed to effects that need it (e.g. to seal it) — never logged or stored in clear. */
  e164: string;
  locale: Locale;
  answers: Record<string, string>;
  params: Record<string, string>;
  now: Date;
}

/** Runs before a node is shown; returns the values of its `{placeholders}`. */
export type Resolver = (ctx: HopContext) => Promise<Record<string, string>>;
/** Carries out what an input asked for (send an SMS, subscribe...). */
export type EffectHandler = (ctx: HopContext) => Promise<void>;

/** Lets a feature take over where a session starts (e.g. offering to resume a report draft). */
export type StartHook = (ctx: {
  callerKey: string;
  sessionId: string;
  state: SessionState;
}) => Promise<SessionState>;

/**
 * Thrown by a resolver to end the session on another END node of the flow instead of the node reached
 * (e.g. a daily limit). An END takes no further input, so no later hop has to replay the switch.
 */
export class EndInstead extends Error {
  constructor(readonly node: string) {
    super(`end on ${node}`);
    this.name = 'EndInstead';
  }
}
