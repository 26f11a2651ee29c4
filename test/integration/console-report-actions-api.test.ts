import { callerKey } from '../../src/domain/privacy/caller-key';
import { AUDIT } from '../../src/console/services/audit-trail';
import type { Report } from '../../src/domain/reports/report';
import {
  consentedReport,
  createTestAccount,
  seedReport,
  useConsoleHarness,
} from '../helpers/console-harness';
import type { ApiSession } from '../helpers/console-harness';

const h = useConsoleHarness();

async function actionsOn(reportId: string): Promise<string[]> {
  const page = await h.store.audit.list({ reportId }, { limit: 100 });
  return page.items.map((e) => e.action);
}

async function takenBy(s: ApiSession, report: Report): Promise<Report> {
  return h.store.reports.assign(report.id, s.id, report.version, h.clock.now());
}

describe('notes', () => {
  it('when a counsellor adds a note to their report, then it is stored and audited', async () => {
    const s = await h.signIn('counsellor');
    const r = await takenBy(s, await seedReport(h.store));
    const res = await s.post(`/reports/${r.id}/notes`, { text: '  Rappeler lundi.  ' });
    expect(res.status).toBe(201);
    expect(res.body.note).toMatchObject({ text: 'Rappeler lundi.', authorId: s.id });
    expect((await h.store.reports.listNotes(r.id)).map((n) => n.text)).toEqual(['Rappeler lundi.']);
    expect(await actionsOn(r.id)).toEqual([AUDIT.reportNote]);
  });

  it('when the note is empty or too long, then 400', async () => {
    const s = await h.signIn('supervisor');
    const r = await seedReport(h.store);
    expect((await s.post(`/reports/${r.id}/notes`, { text: '   ' })).status).toBe(400);
    expect((await s.post(`/reports/${r.id}/notes`, { text: 'x'.repeat(2001) })).status).toBe(400);
  });
});

describe('replies to the reporter', () => {
  it('when the reporter consented to SMS, then the reply is stored and a discreet notice is queued for their safe hours', async () => {
    const s = await h.signIn('counsellor');
    const r = await takenBy(s, await h.store.reports.create(consentedReport(h.sealer, '+22370000009')));
    const res = await s.post(`/reports/${r.id}/replies`, { text: 'Nous pouvons vous aider.' });
    expect(res.status).toBe(201);
    expect(res.body.smsNotice).toBe('queued');
    expect((await h.store.reports.listReplies(r.id)).map((x) => x.text)).toEqual([
      'Nous pouvons vous aider.',
    ]);
    expect(h.sms.sent).toHaveLength(1);
    const msg = h.sms.sent[0]!;
    expect(msg).toMatchObject({
      kind: 'counsellor_reply',
      timing: 'safe_hours',
      safeHours: { start: 9, end: 17 },
      locale: 'fr',
      sealedTo: r.sealedContact,
      callerKey: callerKey(h.deps.config.PEPPER, '+22370000009'),
      dedupeKey: `reply:${res.body.reply.id}`,
    });
    // The notice names no topic and does not repeat the reply.
    expect(msg.text).not.toMatch(/harc|violence|signal|aider/i);
    expect(await actionsOn(r.id)).toEqual([AUDIT.reportReply]);
  });

  it('when the reporter chose the code only, then the reply is stored and no SMS is asked for', async () => {
    const s = await h.signIn('supervisor');
    const r = await seedReport(h.store, { contact: 'code_only' });
    const res = await s.post(`/reports/${r.id}/replies`, { text: 'Réponse.' });
    expect(res.status).toBe(201);
    expect(res.body.smsNotice).toBe('not_consented');
    expect(h.sms.sent).toEqual([]);
    expect(await h.store.reports.listReplies(r.id)).toHaveLength(1);
  });

  it('when the SMS pipeline fails or the caller opted out, then the reply is still stored and the outcome says so', async () => {
    const s = await h.signIn('supervisor');
    const r = await h.store.reports.create(consentedReport(h.sealer));
    h.sms.outcome = new Error('redis down');
    expect((await s.post(`/reports/${r.id}/replies`, { text: 'Un.' })).body.smsNotice).toBe('failed');
    h.sms.outcome = { queued: false };
    expect((await s.post(`/reports/${r.id}/replies`, { text: 'Deux.' })).body.smsNotice).toBe('opted_out');
    expect(await h.store.reports.listReplies(r.id)).toHaveLength(2);
  });

  it('when a reply is longer than 480 characters, then 400', async () => {
    const s = await h.signIn('supervisor');
    const r = await seedReport(h.store);
    expect((await s.post(`/reports/${r.id}/replies`, { text: 'x'.repeat(481) })).status).toBe(400);
  });
});

describe('referrals and take-downs', () => {
  it('when referring to a directory entry, then it is stored; an unknown entry is refused with 400', async () => {
    const s = await h.signIn('supervisor');
    const r = await seedReport(h.store);
    const ok = await s.post(`/reports/${r.id}/referrals`, { directoryEntryId: 'police_bamako' });
    expect(ok.status).toBe(201);
    expect(ok.body.referral.directoryEntryId).toBe('police_bamako');
    const bad = await s.post(`/reports/${r.id}/referrals`, { directoryEntryId: 'made_up' });
    expect(bad.status).toBe(400);
    expect(await h.store.reports.listReferrals(r.id)).toHaveLength(1);
    expect(await actionsOn(r.id)).toEqual([AUDIT.reportReferral]);
  });

  it('when a take-down request is recorded and then updated, then both are stored and audited', async () => {
    const s = await h.signIn('counsellor');
    const r = await takenBy(s, await seedReport(h.store));
    const created = await s.post(`/reports/${r.id}/takedowns`, {
      platform: 'facebook',
      submittedOn: '2025-11-02',
    });
    expect(created.status).toBe(201);
    expect(created.body.takedown).toMatchObject({
      platform: 'facebook',
      submittedOn: '2025-11-02',
      state: 'submitted',
    });
    const id = created.body.takedown.id as string;
    h.clock.advance(1000);
    const updated = await s.patch(`/reports/${r.id}/takedowns/${id}`, { state: 'removed' });
    expect(updated.status).toBe(200);
    expect(updated.body.takedown.state).toBe('removed');
    expect((await h.store.reports.listTakedowns(r.id))[0]?.state).toBe('removed');
    expect(await actionsOn(r.id)).toEqual([AUDIT.takedownUpdate, AUDIT.takedownCreate]);
  });

  it('when a take-down has a bad state or belongs to another report, then 400 or 404', async () => {
    const s = await h.signIn('supervisor');
    const r = await seedReport(h.store);
    const other = await seedReport(h.store);
    expect(
      (
        await s.post(`/reports/${r.id}/takedowns`, {
          platform: 'facebook',
          submittedOn: '2025-11-02',
          state: 'lost',
        })
      ).status,
    ).toBe(400);
    const created = await s.post(`/reports/${r.id}/takedowns`, {
      platform: 'tiktok',
      submittedOn: '2025-11-02',
    });
    expect(
      (
        await s.patch(`/reports/${other.id}/takedowns/${created.body.takedown.id}`, {
          state: 'refused',
        })
      ).status,
    ).toBe(404);
  });
});

describe('revealing a consented number', () => {
  it('when the assigned counsellor reveals, then the number comes back, uncached, and the reveal is audited', async () => {
    const s = await h.signIn('counsellor');
    const r = await takenBy(s, await h.store.reports.create(consentedReport(h.sealer, '+22370000042')));
    const res = await s.post(`/reports/${r.id}/contact/reveal`);
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ phoneNumber: '+22370000042' });
    expect(res.headers['cache-control']).toBe('no-store');
    const page = await h.store.audit.list({ reportId: r.id, action: AUDIT.reportReveal }, { limit: 10 });
    expect(page.items).toHaveLength(1);
    expect(page.items[0]?.actorId).toBe(s.id);
    expect(JSON.stringify(page.items[0])).not.toMatch(/22370000042/);
  });

  it('when a counsellor reveals on a report not assigned to them, then 403 and nothing is audited as a reveal', async () => {
    const colleague = await createTestAccount(h, 'counsellor');
    const s = await h.signIn('counsellor');
    const unassigned = await h.store.reports.create(consentedReport(h.sealer));
    const theirs = await h.store.reports.create(consentedReport(h.sealer));
    await h.store.reports.assign(theirs.id, colleague.id, theirs.version, h.clock.now());
    expect((await s.post(`/reports/${unassigned.id}/contact/reveal`)).status).toBe(403);
    expect((await s.post(`/reports/${theirs.id}/contact/reveal`)).status).toBe(403);
    const reveals = await h.store.audit.list({ action: AUDIT.reportReveal }, { limit: 10 });
    expect(reveals.items).toEqual([]);
  });

  it.each(['supervisor', 'admin'] as const)(
    'when a %s reveals on any report, then it is allowed',
    async (role) => {
      const s = await h.signIn(role);
      const r = await h.store.reports.create(consentedReport(h.sealer, '+22370000077'));
      const res = await s.post(`/reports/${r.id}/contact/reveal`);
      expect(res.body.phoneNumber).toBe('+22370000077');
    },
  );

  it('when the reporter did not consent, then 409; an unknown report is 404', async () => {
    const s = await h.signIn('supervisor');
    const r = await seedReport(h.store, { contact: 'none' });
    const res = await s.post(`/reports/${r.id}/contact/reveal`);
    expect(res.status).toBe(409);
    expect(res.body.error.message).toMatch(/pas accepté/);
    expect((await s.post('/reports/missing/contact/reveal')).status).toBe(404);
  });

  it('when the reveal has a body field, then 400', async () => {
    const s = await h.signIn('supervisor');
    const r = await h.store.reports.create(consentedReport(h.sealer));
    expect((await s.post(`/reports/${r.id}/contact/reveal`, { why: 'x' })).status).toBe(400);
  });
});
