/**
 * Downloads a caller's recording from the gateway's `recordingUrl`, bounded in time and size. One try:
 * the recordings queue retries. Errors name what went wrong, never the URL (BullMQ keeps the message).
 */
export const MAX_RECORDING_BYTES = 6 * 1024 * 1024;

export type DownloadRecording = (url: string) => Promise<Buffer>;

export function createRecordingDownload(timeoutMs = 15_000): DownloadRecording {
  return async (url) => {
    let res: Response;
    try {
      res = await fetch(url, { signal: AbortSignal.timeout(timeoutMs), redirect: 'follow' });
    } catch (err) {
      // undici's messages do not carry the URL today; a fixed text keeps it that way whatever the version.
      throw new Error(err instanceof Error && err.name === 'TimeoutError' ? 'timed out' : 'fetch failed');
    }
    if (!res.ok) throw new Error(`status ${res.status}`);
    const length = Number(res.headers.get('content-length') ?? '0');
    if (length > MAX_RECORDING_BYTES) throw new Error('recording too large');
    const bytes = Buffer.from(await res.arrayBuffer());
    if (bytes.length === 0 || bytes.length > MAX_RECORDING_BYTES) throw new Error('empty or too large');
    return bytes;
  };
}
