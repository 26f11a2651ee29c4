import type { AgeGroup, Priority, ReportType, RiskFlag } from './report';

export interface RiskInput {
  type: ReportType;
  ageGroup: AgeGroup | null;
  immediateDanger: boolean;
}

/** The flags that move a report up the counsellors' queue, in the order of RISK_FLAGS. */
export function riskFlags(r: RiskInput): RiskFlag[] {
  const flags: RiskFlag[] = [];
  if (r.immediateDanger) flags.push('immediate_danger');
  if (r.ageGroup === 'under_18') flags.push('minor');
  if (r.type === 'intimate_images' || r.type === 'scam_blackmail') flags.push('sextortion_or_images');
  if (r.type === 'threats') flags.push('threats');
  return flags;
}

/** 3 for immediate danger, 2 for any other flag, 1 otherwise. */
export function priorityOf(flags: readonly RiskFlag[]): Priority {
  if (flags.includes('immediate_danger')) return 3;
  return flags.length > 0 ? 2 : 1;
}
