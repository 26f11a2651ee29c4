/**
 * A phone in the terminal. `npm run simulate` dials the running server (TANGA_URL, default
 * http://127.0.0.1:$PORT/ussd) and shows each screen as a basic phone would; type a key and Enter.
 * `npm run simulate -- --inputs "1*2*98"` prints the screens of that path and exits.
 * Options: --url URL, --phone +223..., --inputs PATH, --in-process (start the app inside this process),
 * --dialect at|hubtel|smpp (default at). `hubtel` posts Hubtel's JSON to /ussd/hubtel; `smpp` plays the
 * operator: it runs a local SMSC on --smsc-port (default 2775) that the server binds to (SMPP_URL
 * smpp://tanga:tanga@127.0.0.1:2775 with USSD_SMPP=on; --in-process sets that up) and dials over it.
 * `--voice` simulates a voice call instead (scripts/simulate-voice.ts).
 */
import { randomUUID } from 'node:crypto';
import { createInterface } from 'node:readline/promises';
import { parseArgs } from 'node:util';
import { LocalSmsc } from './local-smsc';

type Dialect = 'at' | 'hubtel' | 'smpp';

interface Args {
  url: string;
  phone: string;
  inputs: string | undefined;
  inProcess: boolean;
  dialect: Dialect;
  smscPort: number;
}

function parse(): Args {
  const { values } = parseArgs({
    options: {
      url: { type: 'string' },
      phone: { type: 'string', default: '+22370000000' },
      inputs: { type: 'string' },
      'in-process': { type: 'boolean', default: false },
      dialect: { type: 'string', default: 'at' },
      'smsc-port': { type: 'string', default: '2775' },
    },
  });
  const port = process.env.PORT ?? '3000';
  const dialect = values.dialect ?? 'at';
  if (dialect !== 'at' && dialect !== 'hubtel' && dialect !== 'smpp') {
    throw new Error('--dialect must be at, hubtel or smpp');
  }
  const path = dialect === 'hubtel' ? '/ussd/hubtel' : '/ussd';
  return {
    url: values.url ?? process.env.TANGA_URL ?? `http://127.0.0.1:${port}${path}`,
    phone: values.phone ?? '+22370000000',
    inputs: values.inputs,
    inProcess: values['in-process'] ?? false,
    dialect,
    smscPort: Number(values['smsc-port'] ?? '2775'),
  };
}

/** Draws a screen the width of a basic phone's display. */
function show(answer: string): void {
  const kind = answer.slice(0, 3);
  const body = answer.slice(4);
  const width = 30;
  const line = '-'.repeat(width);
  process.stdout.write(`+${line}+\n`);
  const inner = width - 2;
  for (const raw of body.split('\n')) {
    // Wrap at spaces, as a phone display does.
    let row = '';
    for (const word of raw.split(' ')) {
      const next = row === '' ? word : `${row} ${word}`;
      if (next.length <= inner) {
        row = next;
        continue;
      }
      if (row !== '') process.stdout.write(`| ${row.padEnd(inner)} |\n`);
      row = word;
      while (row.length > inner) {
        process.stdout.write(`| ${row.slice(0, inner)} |\n`);
        row = row.slice(inner);
      }
    }
    process.stdout.write(`| ${row.padEnd(inner)} |\n`);
  }
  process.stdout.write(`+${line}+ ${kind === 'END' ? '(session ended)' : ''} ${body.length} chars\n`);
}

async function post(url: string, body: Record<string, string>): Promise<string> {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams(body).toString(),
  });
  const text = await res.text();
  if (!res.ok) throw new Error(`HTTP ${res.status}: ${text}`);
  return text;
}

async function startInProcess(
  args: Args,
  smscPort: number | null,
): Promise<{ url: string; stop: () => Promise<void> }> {
  const { startServer } = await import('../src/server');
  const smpp: Record<string, string> =
    smscPort === null
      ? {}
      : { SMPP_URL: `smpp://tanga:tanga@127.0.0.1:${smscPort}`, USSD_SMPP: 'on', SMPP_SOURCE_ADDR: '123' };
  const server = await startServer({ PORT: '0', LOG_LEVEL: process.env.LOG_LEVEL ?? 'warn', ...smpp });
  const path = args.dialect === 'hubtel' ? '/ussd/hubtel' : '/ussd';
  return { url: `http://127.0.0.1:${server.port}${path}`, stop: () => server.stop() };
}

/** One hop of the chosen dialect: the newest input (null to dial) → `CON …` / `END …`. */
type Hop = (input: string | null) => Promise<string>;

function atHop(url: string, phone: string): Hop {
  const sessionId = `SIM_${randomUUID()}`;
  const typed: string[] = [];
  return (input) => {
    if (input !== null) typed.push(input);
    return post(url, {
      sessionId,
      serviceCode: '*123#',
      phoneNumber: phone,
      networkCode: '99999',
      text: typed.join('*'),
    });
  };
}

function hubtelHop(url: string, phone: string): Hop {
  const SessionId = `SIM_${randomUUID()}`;
  let Sequence = 0;
  return async (input) => {
    Sequence++;
    const res = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        SessionId,
        Mobile: phone.replace(/^\+/, ''),
        ServiceCode: '*123#',
        Type: input === null ? 'Initiation' : 'Response',
        Message: input ?? '*123#',
        Operator: 'simulator',
        Sequence,
      }),
    });
    if (!res.ok) throw new Error(`HTTP ${res.status}: ${await res.text()}`);
    const answer = (await res.json()) as { Type: string; Message: string };
    return `${answer.Type === 'Response' ? 'CON' : 'END'} ${answer.Message}`;
  };
}

function smppHop(smsc: LocalSmsc, phone: string): Hop {
  const digits = phone.replace(/^\+/, '');
  const answers = () =>
    smsc.submitted.filter((s) => s.pdu.destination_addr === digits && s.pdu.ussd_service_op !== undefined);
  return async (input) => {
    const seen = answers().length;
    await smsc.ussd(digits, input === null ? 1 : 18, input ?? '*123#', { user_message_reference: 1 });
    await smsc.waitFor(() => answers().length > seen, 15_000, 'the USSD answer');
    const answer = answers()[seen];
    return `${answer?.pdu.ussd_service_op === 17 ? 'END' : 'CON'} ${answer?.text ?? ''}`;
  };
}

async function main(): Promise<void> {
  if (process.argv.includes('--voice')) {
    await import('./simulate-voice');
    return;
  }
  const args = parse();
  let stop: (() => Promise<void>) | null = null;
  let url = args.url;
  let smsc: LocalSmsc | null = null;
  if (args.dialect === 'smpp') {
    smsc = new LocalSmsc({ autoReceipts: true });
    await smsc.listen(args.smscPort);
    process.stdout.write(`local SMSC on port ${args.smscPort}: waiting for Tanga's bind…\n`);
  }
  if (args.inProcess) {
    const started = await startInProcess(args, smsc ? args.smscPort : null);
    url = started.url;
    stop = started.stop;
  }
  if (smsc) await smsc.waitFor(() => smsc.sessions.length > 0, 120_000, "Tanga's bind");
  const dial: Hop =
    args.dialect === 'smpp' && smsc
      ? smppHop(smsc, args.phone)
      : args.dialect === 'hubtel'
        ? hubtelHop(url, args.phone)
        : atHop(url, args.phone);
  const typed: (string | null)[] = [];
  const hop = (): Promise<string> => dial(typed.at(-1) ?? null);

  try {
    if (args.inputs !== undefined) {
      const inputs = args.inputs === '' ? [] : args.inputs.split('*');
      let answer = await hop();
      show(answer);
      for (const input of inputs) {
        if (answer.startsWith('END')) break;
        process.stdout.write(`> ${input}\n`);
        typed.push(input);
        answer = await hop();
        show(answer);
      }
      return;
    }
    const rl = createInterface({ input: process.stdin, output: process.stdout });
    let answer = await hop();
    show(answer);
    while (answer.startsWith('CON')) {
      const input = await rl.question('> ');
      typed.push(input);
      answer = await hop();
      show(answer);
    }
    rl.close();
  } finally {
    if (stop) await stop();
    if (smsc) await smsc.close();
  }
}

main().catch((err: unknown) => {
  const message = err instanceof Error ? err.message : String(err);
  process.stderr.write(`simulate: ${message}\n`);
  if (message.includes('fetch failed')) {
    process.stderr.write('Is the server running? Start it with `npm run dev`, or use --in-process.\n');
  }
  process.exitCode = 1;
});
