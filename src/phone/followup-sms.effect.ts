/**
 * The `sendSms` action: "receive this by SMS" on a screen, sent once per session and template, at the
 * caller's safe hours. A template that lists directory contacts (`contacts_*`) adds those the screens
 * show now (issue 14 D), read with the same visibility as the screens, so the SMS never names a contact
 * the caller could not see.
 */
import type { Flow } from '../domain/flow/schema';
import type { SmsTemplates } from '../domain/sms/sms-templates';
import type { ContactVisibility } from './contact-visibility';
import type { EffectHandler } from './hop-context';
import type { SmsSender } from './sms-sender.service';

export function createSendSmsEffect(deps: {
  flow: Pick<Flow, 'sms'>;
  smsSender: SmsSender;
  templates: SmsTemplates;
  /** Without it no contact line is added. */
  contacts?: Pick<ContactVisibility, 'refresh' | 'shownContact'>;
}): EffectHandler {
  const { contacts } = deps;
  return async (ctx) => {
    const template = ctx.params.template;
    if (!template) return;
    const listsContacts = contacts !== undefined && deps.flow.sms[template]?.contacts !== undefined;
    // The screen before may have been served by another instance: this one's copy may be older.
    if (listsContacts) await contacts.refresh(ctx.now);
    const shownOf = listsContacts ? (id: string) => contacts.shownContact(id) : undefined;
    await deps.smsSender.send({
      dedupeKey: `followup:${ctx.sessionId}:${template}`,
      e164: ctx.e164,
      callerKey: ctx.callerKey,
      text: deps.templates(template, ctx.locale, {}, shownOf),
      locale: ctx.locale,
      kind: 'followup',
      timing: 'safe_hours',
      now: ctx.now,
    });
  };
}
