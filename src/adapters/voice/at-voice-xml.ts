/**
 * Africa's Talking voice actions for a voice plan. A gather or a record is followed by its repeat on no
 * input (AT runs the next action when nothing is pressed), twice, then a goodbye; the call ends when the
 * actions run out (AT's documented action set has no hang-up action).
 */
import type { PromptRef, VoicePlan } from '../../domain/voice/voice-plan';

export interface AtVoiceXmlOptions {
  /** The URL of a prompt's audio (after the fallback rules). */
  urlOf: (ref: PromptRef) => string;
  /** Where AT posts the keys or the recording of this node. */
  callbackUrl: string;
  locale: PromptRef['locale'];
  /** Seconds AT waits for keys. */
  digitsTimeout?: number;
}

/** The wait after a prompt that another prompt of the same menu follows. */
export const BETWEEN_PROMPTS_SECONDS = 1;

/** How many times a prompt is replayed when the caller gives nothing, before the goodbye. */
export const NO_INPUT_REPEATS = 2;

export function escapeXml(s: string): string {
  return s
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;');
}

function attrs(values: Record<string, string | number | null>): string {
  return Object.entries(values)
    .filter((e): e is [string, string | number] => e[1] !== null)
    .map(([k, v]) => ` ${k}="${escapeXml(String(v))}"`)
    .join('');
}

export function renderAtVoiceXml(plan: VoicePlan, o: AtVoiceXmlOptions): string {
  const play = (ref: PromptRef): string => `<Play${attrs({ url: o.urlOf(ref) })}/>`;
  const actions: string[] = [];
  if (plan.kind === 'end') {
    actions.push(...plan.prompts.map(play));
  } else {
    // GetDigits and Record wrap a single Play. For a one-key menu, each earlier prompt gets a GetDigits of
    // its own with a short wait, so a key pressed during any of them (the French greeting, "invalid
    // choice") is taken; otherwise the earlier prompts play just before.
    const oneKey = plan.kind === 'gather' && plan.numDigits === 1;
    const wrapped = (prompts: PromptRef[]): string[] => {
      const last = prompts[prompts.length - 1];
      const before = prompts
        .slice(0, -1)
        .map((p) =>
          oneKey
            ? `<GetDigits${attrs({ timeout: BETWEEN_PROMPTS_SECONDS, numDigits: 1, callbackUrl: o.callbackUrl })}>${play(p)}</GetDigits>`
            : play(p),
        );
      const inner = last ? play(last) : '';
      const tag =
        plan.kind === 'gather'
          ? `<GetDigits${attrs({
              timeout: plan.finishOnKey ? (o.digitsTimeout ?? 10) * 2 : (o.digitsTimeout ?? 10),
              numDigits: plan.numDigits,
              finishOnKey: plan.finishOnKey,
              callbackUrl: o.callbackUrl,
            })}>${inner}</GetDigits>`
          : `<Record${attrs({
              finishOnKey: plan.finishOnKey,
              maxLength: plan.maxSeconds,
              trimSilence: 'true',
              playBeep: 'true',
              callbackUrl: o.callbackUrl,
            })}>${inner}</Record>`;
      return [...before, tag];
    };
    actions.push(...wrapped(plan.prompts));
    // The "invalid choice" notice is not repeated with the prompt.
    const again = plan.prompts.filter((p) => p.id !== '_invalid');
    for (let i = 0; i < NO_INPUT_REPEATS; i++) {
      actions.push(play({ id: '_no_input', locale: o.locale }), ...wrapped(again));
    }
    actions.push(play({ id: '_goodbye', locale: o.locale }));
  }
  return `<?xml version="1.0" encoding="UTF-8"?><Response>${actions.join('')}</Response>`;
}

/** Put through to a person: the prompt(s), then `Dial` (never recorded: the call is between two people). */
export function renderAtVoiceDial(
  prompts: PromptRef[],
  o: { urlOf: (ref: PromptRef) => string; phoneNumber: string; maxDurationSeconds?: number },
): string {
  const plays = prompts.map((ref) => `<Play${attrs({ url: o.urlOf(ref) })}/>`).join('');
  const dial = `<Dial${attrs({ phoneNumbers: o.phoneNumber, maxDuration: o.maxDurationSeconds ?? 1800 })}/>`;
  return `<?xml version="1.0" encoding="UTF-8"?><Response>${plays}${dial}</Response>`;
}
