/**
 * Fetches a caller's recording from the gateway's `recordingUrl` and keeps it sealed with the report to
 * be. Runs in the background of the voice callback (the caller is not kept waiting), with a few tries;
 * a fetch lost to a restart leaves the report with its marker text only. Never logs the URL or audio.
 */
import type { ReportAudioStore } from '../../domain/voice/report-audio';
import type { Logger } from '../../logger';

export const MAX_RECORDING_BYTES = 6 * 1024 * 1024;

export interface RecordingFetcherOptions {
  store: ReportAudioStore;
  logger: Logger;
  timeoutMs?: number;
  attempts?: number;
  retryDelayMs?: number;
  clock?: () => Date;
}

export interface RecordingFetcher {
  /** Starts fetching; resolves when stored or given up (tests await it, the route does not). */
  accept(sourceRef: string, url: string): Promise<boolean>;
}

async function download(url: string, timeoutMs: number): Promise<Buffer> {
  const res = await fetch(url, { signal: AbortSignal.timeout(timeoutMs), redirect: 'follow' });
  if (!res.ok) throw new Error(`status ${res.status}`);
  const length = Number(res.headers.get('content-length') ?? '0');
  if (length > MAX_RECORDING_BYTES) throw new Error('recording too large');
  const bytes = Buffer.from(await res.arrayBuffer());
  if (bytes.length === 0 || bytes.length > MAX_RECORDING_BYTES) throw new Error('empty or too large');
  return bytes;
}

export function createRecordingFetcher(o: RecordingFetcherOptions): RecordingFetcher {
  return {
    async accept(sourceRef, url) {
      const attempts = o.attempts ?? 3;
      for (let i = 1; i <= attempts; i++) {
        try {
          const audio = await download(url, o.timeoutMs ?? 15_000);
          await o.store.put(sourceRef, audio, (o.clock ?? (() => new Date()))());
          return true;
        } catch (err) {
          const message = err instanceof Error ? err.message : 'unknown';
          o.logger.warn({ attempt: i, err: { message } }, 'voice recording not fetched');
          if (i < attempts) await new Promise((r) => setTimeout(r, (o.retryDelayMs ?? 2_000) * i));
        }
      }
      return false;
    },
  };
}
