/**
 * The flow checker: everything that must hold before a flow reaches a phone. Run by `npm run flows:check`
 * and at boot (a flow with problems stops the boot).
 */
import type { Locale } from '../shared/locale';
import { LOCALES } from '../shared/locale';
import type { CompiledFlow, CompiledNode } from './compile';
import { DANGER_KEY, pagesOf, withNotice, type EngineContext } from './engine';
import { KNOWN_FLOW_NAMES, unknownNameProblems, versionProblems, type FlowNames } from './flow-names';
import type { BambaraSpelling } from './bambara-spelling';
import { textFingerprint } from './fingerprint';
import { renderForPhone, smsSegments } from './gsm';
import { DEFAULT_BUDGET, screenCost, type UssdBudget } from './pager';
import { numbersProblems } from './numbers-check';
import { smsContactLines } from './sms-contacts';
import type { FlowProblem } from './parse';

/** The parts of a directory entry the checker needs (see directory.ts). */
export interface DirectoryEntryLike {
  id: string;
  name: string;
  phone?: string | undefined;
  verified: string | false;
  fromSources?: boolean | undefined;
}

export interface CheckOptions {
  spelling: BambaraSpelling;
  serviceCode: string;
  directory?: DirectoryEntryLike[];
  budget?: UssdBudget;
  /** Info and end texts longer than this many pages are reported as warnings. */
  maxPages?: number;
  /** The actions, resolvers and validators a flow may name (defaults to the ones the runtime registers). */
  names?: FlowNames;
}

export interface SmsTemplateReport {
  id: string;
  locale: Locale;
  encoding: 'gsm7' | 'ucs2';
  length: number;
  segments: number;
}

export interface CheckReport {
  problems: FlowProblem[];
  warnings: FlowProblem[];
  screensPerLocale: Record<Locale, number>;
  largestScreen: { node: string; locale: Locale; length: number; limit: number } | null;
  unreviewedBambara: string[];
  /** Bambara texts by review state: reviewed against the current French, never reviewed, or stale. */
  bambaraReview: { reviewed: number; unreviewed: number; stale: string[] };
  guessTerms: { where: string; terms: string[] }[];
  unverifiedDirectory: DirectoryEntryLike[];
  sms: SmsTemplateReport[];
}

/** Worst-case values for placeholders filled at run time, so budgets are measured on real lengths. */
function sampleVars(serviceCode: string): Record<string, string> {
  // A report code is 8 digits (see report-code.ts).
  return { code: '48217739', serviceCode, status: 'En attente de votre reponse', reply: 'x'.repeat(160) };
}

export function targetsOf(node: CompiledNode): string[] {
  const out: string[] = [];
  if (node.options) for (const o of node.options) if (o.target) out.push(o.target);
  if ((node.type === 'question' || node.type === 'info') && node.next) out.push(node.next);
  // A resolver may end the session on a node named in its params (`limitNode: report_limit`).
  if (node.resolve) {
    for (const [name, value] of Object.entries(node.resolve.params))
      if (name.endsWith('Node')) out.push(value);
  }
  return out;
}

function reachable(flow: CompiledFlow): Set<string> {
  const seen = new Set<string>();
  // The danger node is one key away from every screen.
  const todo = [flow.language, flow.home, ...(flow.danger === undefined ? [] : [flow.danger])];
  while (todo.length > 0) {
    const id = todo.pop()!;
    if (seen.has(id)) continue;
    seen.add(id);
    const node = flow.nodes[id];
    if (node) todo.push(...targetsOf(node));
  }
  return seen;
}

const digitsOnly = (s: string): string => s.replace(/\D/g, '');

function structuralProblems(flow: CompiledFlow, file: string): FlowProblem[] {
  const problems: FlowProblem[] = [];
  for (const root of [flow.home, flow.language]) {
    if (!flow.nodes[root]) problems.push({ file, message: `root node "${root}" does not exist` });
  }
  if (flow.danger !== undefined && flow.nodes[flow.danger]?.type !== 'info') {
    problems.push({ file, message: `danger node "${flow.danger}" must be an info node` });
  }
  for (const [id, node] of Object.entries(flow.nodes)) {
    // Key 9 is the danger key on every screen: an option 9 leading elsewhere would never be reached.
    const nine = node.options?.find((o) => o.key === DANGER_KEY);
    if (flow.danger !== undefined && nine && nine.target !== flow.danger) {
      problems.push({ file, node: id, message: `option 9 must lead to the danger node "${flow.danger}"` });
    }
    for (const target of targetsOf(node)) {
      if (!flow.nodes[target]) problems.push({ file, node: id, message: `dangling target "${target}"` });
    }
    if (node.options) {
      const keys = node.options.map((o) => o.key);
      const dup = keys.filter((k, i) => keys.indexOf(k) !== i);
      if (dup.length > 0)
        problems.push({ file, node: id, message: `duplicate option key(s) ${dup.join(', ')}` });
    }
    if (node.type === 'question' && node.options && !node.next && node.options.some((o) => !o.target)) {
      problems.push({ file, node: id, message: 'question option without target and no `next`' });
    }
  }
  const seen = reachable(flow);
  for (const id of Object.keys(flow.nodes)) {
    if (!seen.has(id)) problems.push({ file, node: id, message: 'unreachable node' });
  }
  return problems;
}

/** A node's `contacts` must name directory entries: a typo would silently drop a line from a screen. */
function contactIdProblems(
  flow: CompiledFlow,
  file: string,
  directory: readonly DirectoryEntryLike[],
): FlowProblem[] {
  const ids = new Set(directory.map((e) => e.id));
  const listed = [
    ...Object.entries(flow.nodes).map(([node, n]) => [node, n.contacts ?? []] as const),
    ...Object.entries(flow.sms).map(([id, t]) => [`sms.${id}`, (t.contacts ?? []).map((c) => c.id)] as const),
  ];
  return listed.flatMap(([node, list]) =>
    list
      .filter((id) => !ids.has(id))
      .map((id) => ({ file, node, message: `contact "${id}" is not in the directory` })),
  );
}

export function checkFlow(flow: CompiledFlow, file: string, opts: CheckOptions): CheckReport {
  const budget = opts.budget ?? DEFAULT_BUDGET;
  const maxPages = opts.maxPages ?? 4;
  const gsmSafe = flow.gsmSafe?.ussd ?? true;
  const ctx: EngineContext = {
    flow,
    budget,
    renderText: (text, locale) => renderForPhone(text, { locale, spelling: opts.spelling, gsmSafe }),
  };
  const problems = [
    ...versionProblems(flow, file),
    ...structuralProblems(flow, file),
    ...unknownNameProblems(flow, file, opts.names ?? KNOWN_FLOW_NAMES),
    ...(opts.directory ? contactIdProblems(flow, file, opts.directory) : []),
    ...(opts.directory ? numbersProblems(flow, file, opts.directory) : []),
  ];
  const warnings: FlowProblem[] = [];
  const vars = sampleVars(opts.serviceCode);
  const screensPerLocale: Record<Locale, number> = { fr: 0, bm: 0 };
  let largest: CheckReport['largestScreen'] = null;
  const allScreenText: string[] = [];

  for (const locale of LOCALES) {
    for (const [id, node] of Object.entries(flow.nodes)) {
      // Measured with the "invalid choice" notice on top: the worst case of every page.
      const withHeader = node.type !== 'end';
      const pages = pagesOf(ctx, locale, node, id, vars);
      screensPerLocale[locale] += pages.length;
      pages.forEach((page, i) => {
        const full = `CON ${withHeader ? withNotice(ctx, locale, page) : page}`;
        allScreenText.push(full);
        const { length, limit } = screenCost(full, budget);
        if (!largest || length > largest.length) largest = { node: id, locale, length, limit };
        if (length > limit) {
          problems.push({
            file,
            node: id,
            locale,
            message: `page ${i + 1} is ${length} characters, over ${limit}`,
          });
        }
      });
      if (node.options && pages.length > 1) {
        // The official Bambara letters force UCS-2 (80 characters): no menu of several options fits one
        // screen, so there the options are paged (a trial setting) instead of refusing the boot.
        const forcedByOfficialSpelling = opts.spelling === 'official' && locale === 'bm';
        (forcedByOfficialSpelling ? warnings : problems).push({
          file,
          node: id,
          locale,
          message: forcedByOfficialSpelling
            ? `options paged over ${pages.length} screens (official spelling: UCS-2, 80 characters)`
            : `screen too long: the options do not fit on one screen (${pages.length} pages)`,
        });
      }
      if (!node.options && pages.length > maxPages) {
        warnings.push({ file, node: id, locale, message: `${pages.length} pages; consider splitting` });
      }
    }
  }

  const sms: SmsTemplateReport[] = [];
  const gsmSafeSms = flow.gsmSafe?.sms ?? true;
  // The worst case of a template listing contacts: every one of them shown (kept out of the haystack below,
  // which looks for unverified numbers in fixed texts; the phone layer adds them only once confirmed).
  const phoneOf = new Map((opts.directory ?? []).map((e) => [e.id, e.phone]));
  const allShown = (id: string) => ({ phone: phoneOf.get(id) });
  for (const [id, tpl] of Object.entries(flow.sms)) {
    for (const locale of LOCALES) {
      const render = (t: string) =>
        renderForPhone(t, { locale, spelling: opts.spelling, gsmSafe: gsmSafeSms });
      const filled = tpl.text[locale].replace(/\{code\}/g, vars.code ?? '');
      allScreenText.push(render(filled));
      const seg = smsSegments(render([filled, ...smsContactLines(tpl, locale, allShown)].join('\n')));
      sms.push({ id, locale, encoding: seg.encoding, length: seg.length, segments: seg.segments });
      if (seg.segments > 1)
        warnings.push({ file, node: `sms.${id}`, locale, message: `${seg.segments} SMS segments` });
    }
  }

  const unreviewedBambara: string[] = [];
  const stale: string[] = [];
  let reviewedCount = 0;
  const guessTerms: CheckReport['guessTerms'] = [];
  const reviewed = [
    ...Object.entries(flow.nodes).map(([id, n]) => [id, n.review, n.text.fr] as const),
    ...Object.entries(flow.sms).map(([id, s]) => [`sms.${id}`, s.review, s.text.fr] as const),
  ];
  for (const [where, review, french] of reviewed) {
    if (!review?.reviewed) unreviewedBambara.push(where);
    else if (review.french !== textFingerprint(french)) {
      // Reviewed against another French (or with no record of which): the Bambara may say less or other.
      stale.push(where);
      problems.push({
        file,
        node: where,
        locale: 'bm',
        message: `Bambara reviewed, but its French changed since (review.french should be ${textFingerprint(french)} once re-reviewed)`,
      });
    } else reviewedCount += 1;
    if (review && review.guess.length > 0) guessTerms.push({ where, terms: review.guess });
  }

  const unverifiedDirectory = (opts.directory ?? []).filter((e) => e.verified === false);
  const haystack = allScreenText.join('\n');
  const haystackDigits = digitsOnly(haystack);
  for (const e of unverifiedDirectory) {
    // An entry may list several numbers ("80 331 / 80 333"): each one alone must stay off the screens.
    const phones = (e.phone ?? '')
      .split(/[/,;]| ou | or /)
      .map(digitsOnly)
      .filter((p) => p.length >= 4);
    if (phones.some((p) => haystackDigits.includes(p)) || haystack.includes(e.name)) {
      problems.push({
        file,
        node: e.id,
        message: `unverified directory entry "${e.name}" appears on a screen`,
      });
    }
  }

  return {
    problems,
    warnings,
    screensPerLocale,
    largestScreen: largest,
    unreviewedBambara,
    bambaraReview: { reviewed: reviewedCount, unreviewed: unreviewedBambara.length, stale },
    guessTerms,
    unverifiedDirectory,
    sms,
  };
}
