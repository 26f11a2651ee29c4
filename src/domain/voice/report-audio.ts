/**
 * Port: a voice report's spoken description, kept sealed (AES-256-GCM, like a consented number) under
 * the report's sourceRef, and removed with the report at retention.
 */
export interface ReportAudio {
  audio: Buffer;
  contentType: 'audio/mpeg' | 'audio/wav';
}

export interface ReportAudioStore {
  put(sourceRef: string, audio: Buffer, at: Date): Promise<void>;
  get(sourceRef: string): Promise<ReportAudio | null>;
  has(sourceRef: string): Promise<boolean>;
  /**
   * Removes every recording whose report `keep` refuses (purged at retention), and recordings of no
   * report at all once older than `orphanBefore` (a call that never sent its report). Returns how many.
   */
  sweep(keep: (sourceRef: string) => Promise<boolean | null>, orphanBefore: Date): Promise<number>;
}

/** The audio type from the first bytes: a WAV says RIFF/WAVE, anything else the gateway sends is MP3. */
export function audioTypeOf(bytes: Buffer): ReportAudio['contentType'] {
  return bytes.subarray(0, 4).toString('latin1') === 'RIFF' &&
    bytes.subarray(8, 12).toString('latin1') === 'WAVE'
    ? 'audio/wav'
    : 'audio/mpeg';
}
