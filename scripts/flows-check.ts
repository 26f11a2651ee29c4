/**
 * `npm run flows:check`: checks flows/ and prints what an editor needs before publishing: problems
 * (exit 1), screens per locale, the largest screen, unreviewed Bambara, unverified contacts, SMS segments.
 */
import { inspectContent } from '../src/adapters/flows/flow-files';
import { formatProblem } from '../src/domain/flow/parse';
import type { BambaraSpelling } from '../src/domain/flow/bambara-spelling';

const dir = process.env.FLOWS_DIR ?? 'flows';
const spelling = (process.env.BAMBARA_SPELLING ?? 'gsm') as BambaraSpelling;
const serviceCode = process.env.USSD_SERVICE_CODE ?? '*123#';

const { content, problems } = inspectContent(dir, { spelling, serviceCode });
const out = (line = ''): void => {
  process.stdout.write(`${line}\n`);
};

if (content) {
  const r = content.report;
  out(
    `Flow ${content.flow.id} v${content.flow.version} (${Object.keys(content.flow.nodes).length} nodes), Bambara spelling: ${spelling}`,
  );
  out(`Screens per locale: fr ${r.screensPerLocale.fr}, bm ${r.screensPerLocale.bm}`);
  if (r.largestScreen) {
    const l = r.largestScreen;
    out(`Largest screen: ${l.node} (${l.locale}) ${l.length}/${l.limit} characters`);
  }
  const b = r.bambaraReview;
  out(
    `Review state: fr (source) ${Object.keys(content.flow.nodes).length + Object.keys(content.flow.sms).length} texts; bm reviewed ${b.reviewed}, unreviewed ${b.unreviewed}, stale ${b.stale.length}`,
  );
  for (const where of b.stale) out(`  stale (French changed after review): ${where}`);
  for (const g of r.guessTerms) out(`  rests on GUESS terms: ${g.where}: ${g.terms.join(', ')}`);
  out(`Unverified directory entries (never shown; test-call them): ${r.unverifiedDirectory.length}`);
  for (const e of r.unverifiedDirectory) out(`  ${e.id}: ${e.name}${e.phone ? ` (${e.phone})` : ''}`);
  out('SMS templates (after GSM-safe rendering):');
  for (const s of r.sms)
    out(`  ${s.id} [${s.locale}] ${s.encoding} ${s.length} chars, ${s.segments} segment(s)`);
  for (const w of r.warnings) out(`warning: ${formatProblem(w)}`);
}
if (problems.length > 0) {
  out(`\n${problems.length} problem(s):`);
  for (const p of problems) out(`  - ${formatProblem(p)}`);
  process.exitCode = 1;
} else {
  out('\nNo problems.');
}
