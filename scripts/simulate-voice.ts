/**
 * `npm run simulate -- --voice`: a voice call in the terminal against POST /voice. Prints the XML actions
 * as the prompt ids a caller would hear and what the gateway then waits for; type digits and Enter. At a
 * recording, type anything to "speak" (a fake recording URL is sent) or `-` for silence.
 * Options: --url BASE (default http://127.0.0.1:$PORT), --phone, --inputs "1*3*8", --token SECRET,
 * --in-process (start the app inside this process), --xml (print the raw XML too).
 */
import { randomUUID } from 'node:crypto';
import { createInterface } from 'node:readline/promises';
import { parseArgs } from 'node:util';
import { XMLParser } from 'fast-xml-parser';

type XmlNode = Record<string, unknown> & { ':@'?: Record<string, string> };
const parser = new XMLParser({ preserveOrder: true, ignoreAttributes: false, attributeNamePrefix: '' });
const FAKE_RECORDING = 'https://recordings.invalid/simulated.mp3';

const prompt = (url: string | undefined): string => `♪ ${(url ?? '').split('/voice/audio/')[1] ?? url}`;

/** Prints the actions; returns the callback path to post the next input to, and what it waits for. */
function describe(xml: string): { next: string | null; waits: 'digits' | 'record' | null } {
  const doc = parser.parse(xml) as XmlNode[];
  const actions = ((doc.find((n) => 'Response' in n)?.Response ?? []) as XmlNode[]).map((child) => {
    const tag = Object.keys(child).find((k) => k !== ':@') ?? '';
    return { tag, attrs: child[':@'] ?? {}, inner: (child[tag] as XmlNode[] | undefined) ?? [] };
  });
  let next: string | null = null;
  let waits: 'digits' | 'record' | null = null;
  for (const [i, a] of actions.entries()) {
    const plays = a.tag === 'Play' ? [a.attrs.url] : a.inner.map((n) => n[':@']?.url);
    if (a.tag === 'Play') process.stdout.write(`  ${prompt(a.attrs.url)}\n`);
    if (a.tag === 'GetDigits' || a.tag === 'Record') {
      for (const p of plays) process.stdout.write(`  ${prompt(p)}\n`);
      // A one-second gather before the next prompt of the same menu: keys count, the menu goes on.
      if (a.attrs.timeout === '1' && actions[i + 1]?.tag === 'GetDigits') continue;
      const how =
        a.tag === 'Record'
          ? `record ≤${a.attrs.maxLength ?? '?'} s, # ends`
          : `keys (${a.attrs.numDigits ? `${a.attrs.numDigits} key` : '# ends'})`;
      process.stdout.write(`  [${a.tag}: ${how}]\n`);
      if (a.attrs.callbackUrl) {
        const u = new URL(a.attrs.callbackUrl);
        next = `${u.pathname}${u.search}`;
        waits = a.tag === 'Record' ? 'record' : 'digits';
        const rest = actions.length - i - 1;
        if (rest > 0)
          process.stdout.write(`  (no input: ${rest} more action(s), the prompt again, then goodbye)\n`);
        break;
      }
    }
    if (a.tag === 'Dial')
      process.stdout.write(`  [Dial ${a.attrs.phoneNumbers ?? ''}: put through to a person]\n`);
  }
  if (!next) process.stdout.write('  (call ends)\n');
  return { next, waits };
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      voice: { type: 'boolean', default: true },
      url: { type: 'string' },
      phone: { type: 'string', default: '+22370000000' },
      inputs: { type: 'string' },
      token: { type: 'string' },
      xml: { type: 'boolean', default: false },
      'in-process': { type: 'boolean', default: false },
    },
  });
  let base = values.url ?? process.env.TANGA_URL ?? `http://127.0.0.1:${process.env.PORT ?? '3000'}`;
  let stop: (() => Promise<void>) | null = null;
  if (values['in-process']) {
    const { startServer } = await import('../src/server');
    const server = await startServer({ PORT: '0', LOG_LEVEL: process.env.LOG_LEVEL ?? 'warn' });
    base = `http://127.0.0.1:${server.port}`;
    stop = () => server.stop();
  }
  const token = values.token ?? process.env.GATEWAY_SECRET;
  const sessionId = `SIMV_${randomUUID()}`;
  const post = async (path: string, fields: Record<string, string>): Promise<string> => {
    const res = await fetch(new URL(path, base), {
      method: 'POST',
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        ...(token ? { 'x-gateway-secret': token } : {}),
      },
      body: new URLSearchParams({ isActive: '1', sessionId, callerNumber: values.phone ?? '', ...fields }),
    });
    const text = await res.text();
    if (!res.ok) throw new Error(`HTTP ${res.status}: ${text}`);
    if (values.xml) process.stdout.write(`${text}\n`);
    return text;
  };
  const fieldsFor = (waits: 'digits' | 'record' | null, input: string): Record<string, string> =>
    waits === 'record' ? { recordingUrl: input === '-' ? '' : FAKE_RECORDING } : { dtmfDigits: input };

  try {
    let state = describe(await post('/voice', {}));
    const scripted = values.inputs === undefined ? null : values.inputs.split('*').filter((s) => s !== '');
    const rl = scripted ? null : createInterface({ input: process.stdin, output: process.stdout });
    while (state.next) {
      const input = scripted ? scripted.shift() : await rl?.question('> ');
      if (input === undefined) break;
      if (scripted) process.stdout.write(`> ${input}\n`);
      state = describe(await post(state.next, fieldsFor(state.waits, input)));
    }
    rl?.close();
    await post('/voice', { isActive: '0', durationInSeconds: '0' });
  } finally {
    if (stop) await stop();
  }
}

main().catch((err: unknown) => {
  process.stderr.write(`simulate --voice: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exitCode = 1;
});
