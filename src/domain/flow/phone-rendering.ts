/** The USSD engine's rendering for phone channels, shared by the runtime and the golden transcripts. */
import type { BambaraSpelling } from './bambara-spelling';
import type { EngineContext } from './engine';
import { renderForPhone } from './gsm';

/**
 * Templates get the configured spelling; values filled into their placeholders (a counsellor's French
 * reply, a status) never get the French-style sounds, which would misread French words as Bambara.
 */
export function phoneRendering(
  spelling: BambaraSpelling,
  gsmSafe: boolean,
): Pick<EngineContext, 'renderText' | 'renderValue'> {
  const valueSpelling: BambaraSpelling = spelling === 'french' ? 'gsm' : spelling;
  return {
    renderText: (text, locale) => renderForPhone(text, { locale, spelling, gsmSafe }),
    renderValue: (text, locale) => renderForPhone(text, { locale, spelling: valueSpelling, gsmSafe }),
  };
}
