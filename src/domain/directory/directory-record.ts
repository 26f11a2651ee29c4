/**
 * A support directory contact as the store keeps it (issue 14 D): seeded from flows/directory.yaml (the
 * reviewed source in git), then edited and extended by supervisors in the console. Service numbers, not
 * callers' numbers: they are public and stored in clear, like the YAML they come from.
 */
import type { DirectoryEntry, DirectoryKind } from '../flow/directory';
import type { Region } from '../reports/report';

export interface DirectoryRecord {
  id: string;
  /** Listing order: the YAML's order for seeded entries, then the order contacts were added. */
  position: number;
  name: string;
  /** The short phone line per locale (a node's `contacts`); the name when null. */
  label: { fr: string; bm: string } | null;
  regions: Region[];
  kind: DirectoryKind;
  phone: string | null;
  address: string | null;
  /** The page that shows the contact; null for a contact a supervisor added without one. */
  source: string | null;
  /** Date of the documentary research (YAML `verified`), or false: never a test call. */
  verified: string | false;
  note: string | null;
  /** An emergency number shown from its sources before any test call, while its number is the YAML's. */
  fromSources: boolean;
  origin: 'yaml' | 'console';
  /** When a supervisor last changed the number: calls made before it no longer vouch for it. */
  phoneChangedAt: Date | null;
  createdAt: Date;
  updatedAt: Date;
  /** Who made the last change (user id); null for the seeding. */
  updatedBy: string | null;
}

/** What an insert gives; the store sets position and times. */
export type NewDirectoryRecord = Omit<
  DirectoryRecord,
  'position' | 'phoneChangedAt' | 'createdAt' | 'updatedAt' | 'updatedBy'
>;

/** The fields a supervisor may change, and the date of a number change. */
export type DirectoryChanges = Partial<
  Pick<DirectoryRecord, 'name' | 'label' | 'regions' | 'phone' | 'note' | 'phoneChangedAt' | 'fromSources'>
>;

/** A YAML entry as the seeding inserts it. */
export function recordFromYaml(e: DirectoryEntry): NewDirectoryRecord {
  return {
    id: e.id,
    name: e.name,
    label: e.label ?? null,
    regions: [...e.regions],
    kind: e.kind,
    phone: e.phone ?? null,
    address: e.address ?? null,
    source: e.source,
    verified: e.verified,
    note: e.note ?? null,
    fromSources: e.fromSources === true,
    origin: 'yaml',
  };
}
