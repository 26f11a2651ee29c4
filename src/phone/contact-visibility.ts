/**
 * Which directory contacts phones may name now (issue 14 D), kept per instance: the rules are pure
 * (contact-verification.ts), the test calls and (with `entries`) the directory itself are in the store,
 * where supervisors edit them. A hop must not wait on the store each time, so both are refreshed at most
 * every `refreshMs` (60 s), and at once after this process records a test call or a change
 * (`invalidate`). A store failure keeps the last known set; before any successful read, `directory` (the
 * YAML) stands in and only the emergency numbers from sources are shown (the rule with no call recorded).
 * An emergency number from sources that goes from shown to hidden is logged at error level, by id.
 */
import {
  contactsShownOnPhones,
  type ContactLike,
  type TestCall,
} from '../domain/directory/contact-verification';
import type { TestCallRepository } from '../domain/ports';
import type { Locale } from '../domain/shared/locale';
import type { Logger } from '../logger';

export interface PhoneContact extends ContactLike {
  name: string;
  label?: { fr: string; bm: string } | null | undefined;
  phone?: string | null | undefined;
}

export const CONTACT_REFRESH_MS = 60_000;
/** How long a hop waits for a read of the test calls before it is shown with the last known set. */
export const CONTACT_READ_WAIT_MS = 300;

export class ContactVisibility {
  private calls: readonly TestCall[] = [];
  private loadedAt: number | null = null;
  private shown: ReadonlySet<string>;
  private contacts: readonly PhoneContact[];
  private byId: ReadonlyMap<string, PhoneContact>;
  private inFlight: Promise<void> | null = null;

  constructor(
    private readonly deps: {
      /** The directory until the store's is read (flows/directory.yaml); the only one without `entries`. */
      directory: readonly PhoneContact[];
      testCalls: Pick<TestCallRepository, 'latestPerContact'>;
      /** The directory as supervisors keep it in the store (`store.directory` fits). */
      entries?: { list(): Promise<readonly PhoneContact[]> };
      verifyDays: number;
      logger: Logger;
      refreshMs?: number;
      maxWaitMs?: number;
    },
  ) {
    this.contacts = deps.directory;
    this.byId = new Map(deps.directory.map((c) => [c.id, c]));
    this.shown = contactsShownOnPhones(deps.directory, [], new Date(), deps.verifyDays);
  }

  /** Reads the test calls again when the copy is older than the refresh period (or invalidated). */
  async refresh(now: Date): Promise<void> {
    const period = this.deps.refreshMs ?? CONTACT_REFRESH_MS;
    if (this.loadedAt === null || now.getTime() - this.loadedAt >= period) {
      this.inFlight ??= this.load(now).finally(() => {
        this.inFlight = null;
      });
      await this.atMost(this.inFlight, this.deps.maxWaitMs ?? CONTACT_READ_WAIT_MS);
    }
    // The clock moves between reads: a confirmation that ran out is hidden without a new read.
    const shown = contactsShownOnPhones(this.contacts, this.calls, now, this.deps.verifyDays);
    for (const c of this.contacts) {
      if (c.fromSources === true && this.shown.has(c.id) && !shown.has(c.id)) {
        // Loud on every instance: an emergency number phones gave until now is gone. Never the number.
        this.deps.logger.error(
          { alarm: 'emergency_number_hidden', contactId: c.id },
          'an emergency number from sources is no longer shown on phones: see the console directory',
        );
      }
    }
    this.shown = shown;
  }

  /**
   * A hop (the danger screen among them) never waits on a slow store for long: past `ms` it is answered
   * with the last known set, and the read goes on to serve the next hops.
   */
  private async atMost(read: Promise<void>, ms: number): Promise<void> {
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<void>((resolve) => {
      timer = setTimeout(resolve, ms);
      timer.unref();
    });
    try {
      await Promise.race([read, late]);
    } finally {
      clearTimeout(timer);
    }
  }

  private async load(now: Date): Promise<void> {
    try {
      const [calls, entries] = await Promise.all([
        this.deps.testCalls.latestPerContact(),
        this.deps.entries?.list(),
      ]);
      this.calls = calls;
      if (entries) {
        this.contacts = entries;
        this.byId = new Map(entries.map((c) => [c.id, c]));
      }
    } catch (err) {
      this.deps.logger.warn({ err }, 'test calls unreadable: contact visibility kept as last known');
    }
    // A failed read is retried after the same period, so a store that is down is not asked on every hop.
    this.loadedAt = now.getTime();
  }

  /** A test call was recorded in this process: the next hop reads the calls again. */
  invalidate(): void {
    this.loadedAt = null;
  }

  /**
   * The contact while phones may show it, else null: what an SMS or a voice call adds beside the screen's
   * line (its number), so the three channels name the same contacts from the same source.
   */
  shownContact(id: string): PhoneContact | null {
    return this.shown.has(id) ? (this.byId.get(id) ?? null) : null;
  }

  /** The line a screen adds for the contact ("label: number"), or null while it is not shown. */
  lineOf(id: string, locale: Locale): string | null {
    const c = this.byId.get(id);
    if (!c || !this.shown.has(id)) return null;
    const label = c.label?.[locale] ?? c.name;
    return c.phone ? `${label}: ${c.phone}` : label;
  }

  /** The contact's number as a screen says it (a node's `numbers`), or null while it is not shown. */
  phoneOf(id: string): string | null {
    const c = this.byId.get(id);
    if (!c || !this.shown.has(id)) return null;
    return c.phone ?? null;
  }
}
