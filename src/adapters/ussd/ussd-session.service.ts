/**
 * Gateway-neutral USSD handling: one hop in, one screen out. It decides where the session starts
 * (language choice or main menu), replays the inputs through the pure engine, runs the resolver the
 * shown node needs, and carries out the effects of the newest input. Redis trouble never fails a hop.
 */
import type { CompiledFlow } from '../../domain/flow/compile';
import {
  errorScreen,
  initialState,
  pendingResolve,
  render,
  replay,
  type EngineContext,
  type Screen,
  type SessionState,
  type StartMode,
} from '../../domain/flow/engine';
import { segmentText } from '../../domain/flow/segment';
import type { Locale } from '../../domain/shared/locale';
import type { Logger } from '../../logger';
import type { CallerPrefsStore } from '../redis/caller-prefs.store';
import { extendHistory, type UssdHistoryStore } from '../redis/ussd-history.store';

export interface HopContext {
  sessionId: string;
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

export interface UssdSessionDeps {
  flow: CompiledFlow;
  engine: Omit<EngineContext, 'flow'>;
  prefs: CallerPrefsStore;
  history: UssdHistoryStore;
  resolvers: Record<string, Resolver>;
  effects: Record<string, EffectHandler>;
  /** Values every screen may use, e.g. `{ serviceCode }`. */
  globals: Record<string, string>;
  startHook?: StartHook;
  logger: Logger;
  clock?: () => Date;
}

export interface Hop {
  sessionId: string;
  callerKey: string;
  e164: string;
  /** Everything typed in this session joined with `*` (dialect A). */
  text: string;
}

export interface HopResult {
  screen: Screen;
  outcome: 'ok' | 'error';
}

/** How many sessions' start states one instance remembers, and for how long (a USSD session is minutes). */
const START_CACHE_MAX = 20_000;
const START_CACHE_TTL_MS = 10 * 60_000;

export class UssdSessionService {
  private readonly ctx: EngineContext;
  /**
   * Where each live session started, per instance: every hop of a session must replay from the same
   * start, even if Redis stops answering mid-session (it also saves a Redis read per hop).
   */
  private readonly starts = new Map<string, { state: SessionState; at: number }>();

  constructor(private readonly deps: UssdSessionDeps) {
    this.ctx = { ...deps.engine, flow: deps.flow };
  }

  private async start(hop: Hop, now: number): Promise<SessionState> {
    const cached = this.starts.get(hop.sessionId);
    if (cached && now - cached.at < START_CACHE_TTL_MS) return cached.state;
    const state = await this.decideStart(hop);
    this.starts.set(hop.sessionId, { state, at: now });
    if (this.starts.size > START_CACHE_MAX) {
      // Maps iterate in insertion order: drop the oldest tenth.
      let drop = START_CACHE_MAX / 10;
      for (const key of this.starts.keys()) {
        if (drop-- <= 0) break;
        this.starts.delete(key);
      }
    }
    return state;
  }

  private async decideStart(hop: Hop): Promise<SessionState> {
    const pref = await this.deps.prefs.get(hop.callerKey);
    // A session that began on the language screen must keep replaying from it, even once a choice is saved.
    const mode: StartMode = !pref || pref.firstSession === hop.sessionId ? 'language' : 'home';
    const state = initialState(this.deps.flow, mode, pref?.locale ?? 'fr');
    if (mode === 'home' && this.deps.startHook) {
      return this.deps.startHook({ callerKey: hop.callerKey, sessionId: hop.sessionId, state });
    }
    return state;
  }

  private async inputsFor(hop: Hop, start: SessionState): Promise<string[]> {
    if (hop.text === '') return [];
    const exact = extendHistory(await this.deps.history.get(hop.sessionId), hop.text);
    return exact ?? segmentText(this.ctx, start, hop.text);
  }

  async handle(hop: Hop): Promise<HopResult> {
    const now = (this.deps.clock ?? (() => new Date()))();
    let locale: Locale = 'fr';
    try {
      const start = await this.start(hop, now.getTime());
      locale = start.locale;
      const inputs = await this.inputsFor(hop, start);
      const { state, effects } = replay(this.ctx, start, inputs);
      locale = state.locale;
      const base = { sessionId: hop.sessionId, callerKey: hop.callerKey, e164: hop.e164, now };
      const hopCtx = (params: Record<string, string>): HopContext => ({
        ...base,
        locale: state.locale,
        answers: state.answers,
        params,
      });

      for (const effect of effects) {
        if (effect.name === 'setLanguage') {
          const prev = await this.deps.prefs.get(hop.callerKey);
          await this.deps.prefs.set(hop.callerKey, {
            locale: state.locale,
            firstSession: prev?.firstSession ?? hop.sessionId,
          });
          continue;
        }
        const handler = this.deps.effects[effect.name];
        if (handler) await handler(hopCtx(effect.params));
      }

      let vars = { ...this.deps.globals };
      let shown = state;
      const pending = pendingResolve(this.ctx, state);
      if (pending) {
        const resolver = this.deps.resolvers[pending.name];
        if (!resolver) throw new Error(`no resolver for ${pending.name}`);
        try {
          vars = { ...vars, ...(await resolver(hopCtx(pending.params))) };
        } catch (err) {
          if (!(err instanceof EndInstead) || this.deps.flow.nodes[err.node]?.type !== 'end') throw err;
          shown = { ...state, stack: [...state.stack, { node: err.node, page: 0 }] };
        }
      }
      const screen = render(this.ctx, shown, vars);
      if (screen.kind === 'CON') await this.deps.history.set(hop.sessionId, { text: hop.text, inputs });
      return { screen, outcome: 'ok' };
    } catch (err) {
      this.deps.logger.error({ err }, 'ussd hop failed');
      return { screen: errorScreen(this.ctx, locale), outcome: 'error' };
    }
  }
}
