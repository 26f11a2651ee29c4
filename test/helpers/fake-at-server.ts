import { createServer } from 'node:http';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** One SMS send request as the fake received it. */
export interface FakeAtRequest {
  username: string | null;
  apiKey: string | null;
  to: string[];
  message: string;
  from: string | null;
  bulkSMSMode: string | null;
}

/** A per-recipient status code in a 201 answer, or a whole-request HTTP status. */
export type FakeAtAnswer = number | { httpStatus: number };

export interface FakeAtServer {
  /** e.g. `http://127.0.0.1:43121`, for AT_API_BASE_URL. */
  readonly url: string;
  readonly requests: readonly FakeAtRequest[];
  /** The answer from now on (default: recipient status 101). */
  respondWith(answer: FakeAtAnswer): void;
  /** The next `n` requests get `answer`; then back to the default. */
  failNext(n: number, answer: FakeAtAnswer): void;
  /** Hold every answer this long (0 to stop); held answers are released by close(). */
  delay(ms: number): void;
  /** The next `n` requests get their socket destroyed without an answer. */
  dropConnection(n?: number): void;
  /** Resolves once `n` requests in total have arrived (immediately if they already have). */
  waitForRequests(n: number): Promise<FakeAtRequest[]>;
  close(): Promise<void>;
}

const STATUS_NAMES: Record<number, string> = {
  100: 'Processed',
  101: 'Success',
  102: 'Queued',
  401: 'RiskHold',
  402: 'InvalidSenderId',
  403: 'InvalidPhoneNumber',
  404: 'UnsupportedNumberType',
  405: 'InsufficientBalance',
  406: 'UserInBlacklist',
  407: 'CouldNotRoute',
  500: 'InternalServerError',
  501: 'GatewayError',
  502: 'RejectedByGateway',
};

/**
 * A real HTTP server on 127.0.0.1 speaking the part of Africa's Talking's SMS API the SDK uses:
 * `POST /version1/messaging`, form body, `apikey` header, 201 with `SMSMessageData` per recipient.
 */
export async function startFakeAtServer(): Promise<FakeAtServer> {
  const requests: FakeAtRequest[] = [];
  const waiters: { n: number; resolve: (r: FakeAtRequest[]) => void }[] = [];
  const held = new Set<NodeJS.Timeout>();
  let standing: FakeAtAnswer = 101;
  const queued: FakeAtAnswer[] = [];
  let delayMs = 0;
  let drops = 0;
  let nextId = 1;

  const answer = (res: ServerResponse, a: FakeAtAnswer, to: string[]): void => {
    if (typeof a !== 'number') {
      res.writeHead(a.httpStatus, { 'content-type': 'text/plain' }).end('error');
      return;
    }
    const accepted = a >= 100 && a <= 102;
    const body = {
      SMSMessageData: {
        Message: `Sent to ${accepted ? to.length : 0}/${to.length} Total Cost: XOF 0`,
        Recipients: to.map((number) => ({
          statusCode: a,
          number,
          status: STATUS_NAMES[a] ?? 'Failed',
          cost: accepted ? 'XOF 25.0000' : '0',
          messageId: accepted ? `ATXid_fake_${nextId++}` : 'None',
          messageParts: 1,
        })),
      },
    };
    res.writeHead(201, { 'content-type': 'application/json' }).end(JSON.stringify(body));
  };

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    if (req.method !== 'POST' || req.url !== '/version1/messaging') {
      res.writeHead(404).end();
      return;
    }
    const form = new URLSearchParams(Buffer.concat(chunks).toString('utf8'));
    const apiKey = typeof req.headers.apikey === 'string' ? req.headers.apikey : null;
    const record: FakeAtRequest = {
      username: form.get('username'),
      apiKey,
      to: (form.get('to') ?? '').split(',').filter((t) => t.length > 0),
      message: form.get('message') ?? '',
      from: form.get('from'),
      bulkSMSMode: form.get('bulkSMSMode'),
    };
    requests.push(record);
    for (const w of [...waiters]) {
      if (requests.length >= w.n) {
        waiters.splice(waiters.indexOf(w), 1);
        w.resolve([...requests]);
      }
    }
    if (drops > 0) {
      drops -= 1;
      req.socket.destroy();
      return;
    }
    const chosen: FakeAtAnswer = apiKey === null ? { httpStatus: 401 } : (queued.shift() ?? standing);
    if (delayMs === 0) {
      answer(res, chosen, record.to);
      return;
    }
    const timer = setTimeout(() => {
      held.delete(timer);
      if (!res.destroyed) answer(res, chosen, record.to);
    }, delayMs);
    held.add(timer);
  };

  const server = createServer((req, res) => {
    handle(req, res).catch(() => res.destroy());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    respondWith(a) {
      standing = a;
    },
    failNext(n, a) {
      for (let i = 0; i < n; i += 1) queued.push(a);
    },
    delay(ms) {
      delayMs = ms;
    },
    dropConnection(n = 1) {
      drops += n;
    },
    waitForRequests(n) {
      if (requests.length >= n) return Promise.resolve([...requests]);
      return new Promise((resolve) => waiters.push({ n, resolve }));
    },
    async close() {
      for (const t of held) clearTimeout(t);
      held.clear();
      server.closeAllConnections();
      await new Promise<void>((resolve, reject) => server.close((e) => (e ? reject(e) : resolve())));
    },
  };
}
