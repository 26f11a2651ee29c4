import type { CompiledFlow } from '../../domain/flow/compile';
import type { EngineContext } from '../../domain/flow/engine';
import { renderForPhone } from '../../domain/flow/gsm';
import { isValidReportCode } from '../../domain/reports/report-code';

/** The USSD engine context the golden transcripts are recorded and replayed with (GSM-safe spelling). */
export function transcriptEngineContext(flow: CompiledFlow): EngineContext {
  return {
    flow,
    renderText: (text, locale) => renderForPhone(text, { locale, spelling: 'gsm', gsmSafe: true }),
    validators: { reportCode: isValidReportCode },
  };
}
