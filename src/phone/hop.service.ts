/**
 * The phone side's hop service: one canonical hop in (any channel, any gateway dialect), one screen out. It
 * decides where the session starts (language choice or main menu), rebuilds the session's inputs from the
 * newest input and the session history, replays them through the pure engine, runs the resolver the shown
 * node needs, and carries out the effects of the newest input. Trouble in the session stores never fails a
 * hop: each instance keeps its own copy of the live sessions it served.
 */
import type { CompiledFlow } from '../domain/flow/compile';
import {
  currentFrame,
  errorScreen,
  initialState,
  pendingResolve,
  render,
  replay,
  step,
  type EngineContext,
  type Screen,
  type SessionState,
  type StartMode,
  type StepResult,
} from '../domain/flow/engine';
import { explainsAlone, extendHistory } from '../domain/flow/history';
import { isFreeText, segmentText } from '../domain/flow/segment';
import type { CallerPrefsStore, SessionHistory, SessionHistoryStore } from '../domain/session-ports';
import { LOCALES, type Locale } from '../domain/shared/locale';
import type { Logger } from '../logger';
import { BoundedCache } from './bounded-cache';
import type { ContactVisibility } from './contact-visibility';
import {
  EndInstead,
  type EffectHandler,
  type HopContext,
  type Resolver,
  type StartHook,
} from './hop-context';
import type { HopAnswer, PhoneHop, PhoneHopHandler } from './hop';

/**
 * A session's inputs as known here, whether Redis holds a copy that must be kept current, and (for this
 * instance's own copy) the state those inputs led to from the session's start, so the next hop steps one
 * input instead of replaying them all.
 */
interface KnownHistory extends SessionHistory {
  shared: boolean;
  reached?: { start: SessionState; state: SessionState };
}

export interface PhoneHopDeps {
  flow: CompiledFlow;
  engine: Omit<EngineContext, 'flow'>;
  prefs: CallerPrefsStore;
  history: SessionHistoryStore;
  /** The caller key (keyed hash) of an E.164 number; computed once per session. */
  callerKeyOf: (e164: string) => string;
  resolvers: Record<string, Resolver>;
  effects: Record<string, EffectHandler>;
  /** Values every screen may use, e.g. `{ serviceCode }`. */
  globals: Record<string, string>;
  startHook?: StartHook;
  logger: Logger;
  clock?: () => Date;
  /** Which directory contacts a node's `contacts` may list now; without it no contact line is shown. */
  contacts?: ContactVisibility;
}

/** How many live sessions one instance remembers, and for how long (a USSD session lasts minutes). */
export const SESSION_CACHE_MAX = 20_000;
export const SESSION_CACHE_TTL_MS = 10 * 60_000;

/**
 * Sessions are keyed per gateway, except Africa's Talking's, which keep their bare id so that keys and
 * report references made before the canonical hop stay valid.
 */
export function sessionKeyOf(hop: Pick<PhoneHop, 'gateway' | 'sessionId'>): string {
  return hop.gateway === 'at' ? hop.sessionId : `${hop.gateway}:${hop.sessionId}`;
}

const ENDED: Screen = { kind: 'END', text: '', node: null, page: 0, pageCount: 1 };

export class PhoneHopService implements PhoneHopHandler {
  private readonly ctx: EngineContext;
  /** Where each live session started: every hop must replay from the same start, whatever Redis does. */
  private readonly starts = new BoundedCache<SessionState>(SESSION_CACHE_MAX, SESSION_CACHE_TTL_MS);
  /** The exact inputs of each live session served here (Redis holds the copy other instances read). */
  private readonly histories = new BoundedCache<KnownHistory>(SESSION_CACHE_MAX, SESSION_CACHE_TTL_MS);
  private readonly callerKeys = new BoundedCache<string>(SESSION_CACHE_MAX, SESSION_CACHE_TTL_MS);
  /** Frozen: the same object goes out with every answer that needs no resolver. */
  private readonly globals: Readonly<Record<string, string>>;

  constructor(private readonly deps: PhoneHopDeps) {
    this.globals = Object.freeze({ ...deps.globals });
    const contacts = deps.contacts;
    this.ctx = {
      ...deps.engine,
      flow: deps.flow,
      ...(contacts
        ? {
            contactLine: (id: string, locale: Locale) => contacts.lineOf(id, locale),
            contactPhone: (id: string) => contacts.phoneOf(id),
          }
        : {}),
    };
  }

  /** Keyed by the number itself (in memory only, never logged): two callers may share a gateway session id. */
  private callerKey(e164: string, now: number): string {
    const cached = this.callerKeys.get(e164, now);
    if (cached !== undefined) return cached;
    const value = this.deps.callerKeyOf(e164);
    this.callerKeys.set(e164, value, now);
    return value;
  }

  private async start(key: string, sessionId: string, callerKey: string, now: number): Promise<SessionState> {
    const pref = await this.deps.prefs.get(callerKey);
    // A session that began on the language screen must keep replaying from it, even once a choice is saved.
    const mode: StartMode = !pref || pref.firstSession === key ? 'language' : 'home';
    let state = initialState(this.deps.flow, mode, pref?.locale ?? 'fr');
    if (mode === 'home' && this.deps.startHook) {
      state = await this.deps.startHook({ callerKey, sessionId, state });
    }
    this.starts.set(key, state, now);
    return state;
  }

  /**
   * What this instance alone can say of the session before this hop, or `undefined` if Redis must be asked.
   * Dialect A's path is checked against this instance's own copy: when that copy explains the path alone
   * (a retry, or one more input without `*`), no other instance can have served a hop in between.
   */
  private knownHere(hop: PhoneHop, local: KnownHistory | undefined): KnownHistory | null | undefined {
    if (hop.path === '' || (hop.path === undefined && hop.kind === 'begin')) return null;
    return hop.path !== undefined && local && explainsAlone(local, hop.path) ? local : undefined;
  }

  /**
   * The shared copy first (another instance may have served the last hops); this instance's own copy
   * stands in when Redis has none or cannot answer.
   */
  private async known(key: string, local: KnownHistory | undefined): Promise<KnownHistory | null> {
    const shared = await this.deps.history.get(key);
    return shared ? { ...shared, shared: true } : (local ?? null);
  }

  /**
   * The engine's replay of `inputs`, stepping only the newest input when this instance knows the state the
   * previous ones reached from the same start (the engine is pure: the same state and effects either way).
   */
  private replayFrom(start: SessionState, prev: KnownHistory | null, inputs: readonly string[]): StepResult {
    const reached = prev?.reached;
    const known = prev?.inputs;
    if (!reached || !known || reached.start !== start || inputs.length !== known.length + 1)
      return replay(this.ctx, start, inputs);
    for (let i = 0; i < known.length; i++) if (known[i] !== inputs[i]) return replay(this.ctx, start, inputs);
    return step(this.ctx, reached.state, inputs[known.length] as string);
  }

  /** The session's inputs after this hop, from the newest input (or dialect A's whole path). */
  private inputsFor(hop: PhoneHop, prev: KnownHistory | null, start: SessionState): string[] {
    if (hop.path !== undefined) {
      if (hop.path === '') return [];
      return extendHistory(this.ctx, start, prev, hop.path) ?? segmentText(this.ctx, start, hop.path);
    }
    if (hop.kind === 'begin') return hop.extension ? hop.extension.split('*').filter((p) => p !== '') : [];
    // A lost history cannot be rebuilt from the newest input alone: the caller starts again from the top.
    if (!prev) return [];
    return hop.input === null ? prev.inputs : [...prev.inputs, hop.input];
  }

  /**
   * Whether another instance could rebuild this session from dialect A's path alone (segmentation gives the
   * same inputs): no input with `*` so far and no free-text question on screen. Segmentation only departs
   * from splitting at `*` at a free-text question, and the hop that shows one makes the session shared for
   * good, so choices (menus and the report form's option questions) need no copy. Such sessions, most of
   * the traffic, cost Redis nothing; the others keep the shared copy current on every hop from then on.
   */
  private rebuildable(hop: PhoneHop, state: SessionState, inputs: readonly string[]): boolean {
    if (hop.path === undefined) return false;
    if (inputs.some((i) => i.includes('*'))) return false;
    return !isFreeText(this.ctx, state);
  }

  private forget(key: string): void {
    this.starts.delete(key);
    this.histories.delete(key);
  }

  async handle(hop: PhoneHop): Promise<HopAnswer> {
    const now = (this.deps.clock ?? (() => new Date()))();
    let locale: Locale = 'fr';
    try {
      const callerKey = this.callerKey(hop.caller, now.getTime());
      // A session is one caller's: a gateway id reused by another number must not share its path.
      const key = `${sessionKeyOf(hop)}:${callerKey}`;
      if (hop.kind === 'end') {
        this.forget(key);
        return { screen: ENDED, locale, vars: {}, outcome: 'ok' };
      }
      // What this instance knows answers most hops without waiting; otherwise both lookups, when needed,
      // leave together: one round trip to Redis at most.
      const t = now.getTime();
      const startHere = this.starts.get(key, t);
      const local = this.histories.get(key, t);
      const prevHere = this.knownHere(hop, local);
      const [start, prev] =
        startHere && prevHere !== undefined
          ? [startHere, prevHere]
          : await Promise.all([
              startHere ?? this.start(key, sessionKeyOf(hop), callerKey, t),
              prevHere !== undefined ? prevHere : this.known(key, local),
            ]);
      locale = start.locale;
      const inputs = this.inputsFor(hop, prev, start);
      const { state, effects } = this.replayFrom(start, prev, inputs);
      locale = state.locale;
      const hopCtx = (params: Record<string, string>): HopContext => ({
        sessionId: sessionKeyOf(hop),
        channel: hop.channel,
        callerKey,
        e164: hop.caller,
        now,
        locale: state.locale,
        answers: state.answers,
        params,
      });

      for (const effect of effects) {
        if (effect.name === 'setLanguage') {
          // The store keeps an earlier session's `firstSession`: this one counts only if it is the first.
          // Awaited: the caller's next session must find the choice (which screen it starts on depends on
          // it); a write left in flight lost that race under load in the test suite.
          await this.deps.prefs.set(callerKey, { locale: state.locale, firstSession: key });
          continue;
        }
        const handler = this.deps.effects[effect.name];
        if (handler) await handler(hopCtx(effect.params));
      }

      // Read only (a resolver's values make a new object): most screens need the globals alone.
      let vars: Readonly<Record<string, string>> = this.globals;
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
      const shownNode = this.deps.flow.nodes[currentFrame(shown).node];
      const { contacts } = this.deps;
      // A node listing contacts, or saying emergency numbers (`numbers`), follows the test calls.
      const followsContacts = shownNode?.contacts !== undefined || shownNode?.numbers !== undefined;
      if (contacts && followsContacts && !shown.quickExit) await contacts.refresh(now);
      const listsContacts = contacts && shownNode?.contacts && !shown.quickExit;
      const screen = render(this.ctx, shown, vars);
      // The same contacts as the lines on the screen: voice plays them.
      const shownContacts = listsContacts
        ? (shownNode.contacts ?? []).flatMap((id) => {
            const c = contacts.shownContact(id);
            return c ? [{ id, phone: c.phone }] : [];
          })
        : [];
      // The same numbers as the screen's `numbers` part: voice plays them, a hidden one never.
      const saysNumbers = contacts && shownNode?.numbers && !shown.quickExit;
      const shownNumbers = saysNumbers
        ? [
            ...new Set(
              LOCALES.flatMap((l) =>
                (shownNode.numbers?.[l].groups ?? []).flatMap((g) => g.items.map((i) => i.contact)),
              ),
            ),
          ].flatMap((id) => {
            const phone = contacts.phoneOf(id);
            return phone === null ? [] : [{ id, phone }];
          })
        : undefined;
      if (screen.kind === 'CON') {
        const history = { text: hop.path ?? inputs.join('*'), inputs };
        const shared = prev?.shared === true || !this.rebuildable(hop, state, inputs);
        this.histories.set(key, { ...history, shared, reached: { start, state } }, now.getTime());
        // Not awaited: the caller's screen does not depend on it, and the store never rejects.
        if (shared) void this.deps.history.set(key, history);
      }
      return {
        screen,
        locale,
        vars,
        contacts: shownContacts,
        ...(shownNumbers ? { numbers: shownNumbers } : {}),
        outcome: 'ok',
      };
    } catch (err) {
      this.deps.logger.error({ err }, 'phone hop failed');
      return { screen: errorScreen(this.ctx, locale), locale, vars: {}, outcome: 'error' };
    }
  }
}
