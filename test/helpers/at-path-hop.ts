import type { PhoneHop } from '../../src/phone/hop';

/** Africa's Talking's hop after `typed` inputs: the whole path in `path`, the newest input in `input`. */
export function atPathHop(sessionId: string, caller: string, typed: readonly string[]): PhoneHop {
  return {
    channel: 'ussd',
    gateway: 'at',
    sessionId,
    caller,
    kind: typed.length === 0 ? 'begin' : 'continue',
    input: typed.at(-1) ?? null,
    extension: null,
    path: typed.join('*'),
  };
}
