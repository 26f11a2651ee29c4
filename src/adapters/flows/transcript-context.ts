import type { BambaraSpelling } from '../../domain/flow/bambara-spelling';
import type { CompiledFlow } from '../../domain/flow/compile';
import type { EngineContext } from '../../domain/flow/engine';
import { phoneRendering } from '../../domain/flow/phone-rendering';
import { isValidReportCode } from '../../domain/reports/report-code';

/** The USSD engine context the golden transcripts are recorded and replayed with, as the runtime renders. */
export function transcriptEngineContext(
  flow: CompiledFlow,
  spelling: BambaraSpelling = 'gsm',
): EngineContext {
  return {
    flow,
    ...phoneRendering(spelling, true),
    validators: { reportCode: isValidReportCode },
  };
}
