/** Hours in the caller's time zone during which a counsellor may contact them: [start, end). */
export interface SafeHours {
  start: number;
  end: number;
}
