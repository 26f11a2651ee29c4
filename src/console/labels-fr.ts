import type { TestCallOutcome } from '../domain/directory/contact-verification';
import type { Role } from '../domain/ports';
import type {
  AgeGroup,
  Channel,
  CloseOutcome,
  ContactChoice,
  Platform,
  Priority,
  Region,
  ReportStatus,
  ReportType,
  RiskFlag,
  TakedownState,
} from '../domain/reports/report';

/** French wording of the domain's codes, for the web console. */
export const LABELS_FR = {
  status: {
    new: 'Nouveau',
    in_review: 'En cours d’examen',
    waiting_reporter: 'En attente de la personne',
    referred: 'Orienté',
    closed: 'Clôturé',
  } satisfies Record<ReportStatus, string>,
  outcome: {
    resolved: 'Résolu',
    referred_out: 'Orienté vers un partenaire',
    no_response: 'Sans nouvelles de la personne',
    duplicate: 'Doublon',
    out_of_scope: 'Hors du champ du service',
  } satisfies Record<CloseOutcome, string>,
  type: {
    harassment: 'Insultes, harcèlement',
    intimate_images: 'Images intimes partagées ou menacées',
    threats: 'Menaces de violence',
    hacked_account: 'Compte piraté, usurpation',
    scam_blackmail: 'Arnaque, chantage',
    hate_disinfo: 'Haine, mensonges',
    other: 'Autre',
  } satisfies Record<ReportType, string>,
  platform: {
    whatsapp: 'WhatsApp',
    facebook: 'Facebook',
    tiktok: 'TikTok',
    sms_calls: 'SMS, appels',
    other: 'Autre',
  } satisfies Record<Platform, string>,
  region: {
    bamako: 'Bamako',
    kayes: 'Kayes',
    koulikoro: 'Koulikoro',
    sikasso: 'Sikasso',
    other: 'Autre région',
    unknown: 'Non précisée',
  } satisfies Record<Region | 'unknown', string>,
  ageGroup: {
    under_18: 'Moins de 18 ans',
    '18_24': '18 à 24 ans',
    '25_35': '25 à 35 ans',
    over_35: 'Plus de 35 ans',
  } satisfies Record<AgeGroup, string>,
  contact: {
    none: 'Aucun contact souhaité',
    code_only: 'Réponse par le code seulement',
    sms_or_call: 'SMS ou appel accepté (heures sûres)',
  } satisfies Record<ContactChoice, string>,
  channel: {
    ussd: 'USSD (menu texte)',
    sms: 'SMS',
    voice: 'Appel vocal',
  } satisfies Record<Channel, string>,
  riskFlag: {
    immediate_danger: 'Danger immédiat',
    minor: 'Mineur·e',
    sextortion_or_images: 'Sextorsion ou images',
    threats: 'Menaces',
  } satisfies Record<RiskFlag, string>,
  takedown: {
    submitted: 'Demande envoyée',
    removed: 'Contenu retiré',
    refused: 'Demande refusée',
  } satisfies Record<TakedownState, string>,
  testCallOutcome: {
    confirmed: 'Répondu et confirmé',
    no_answer: 'Pas de réponse',
    wrong_number: 'Mauvais numéro',
    changed: 'Numéro ou service changé',
  } satisfies Record<TestCallOutcome, string>,
  role: {
    counsellor: 'Conseiller·ère',
    supervisor: 'Superviseur·e',
    admin: 'Administrateur·rice',
  } satisfies Record<Role, string>,
  /** Urgency is never shown by colour alone: a symbol and a word go with it. */
  priority: {
    3: { symbol: '▲▲▲', label: 'Urgent' },
    2: { symbol: '▲▲', label: 'Élevée' },
    1: { symbol: '▲', label: 'Normale' },
  } satisfies Record<Priority, { symbol: string; label: string }>,
};
export type LabelsFr = typeof LABELS_FR;
