/**
 * A phone in the terminal. `npm run simulate` dials the running server (TANGA_URL, default
 * http://127.0.0.1:$PORT/ussd) and shows each screen as a basic phone would; type a key and Enter.
 * `npm run simulate -- --inputs "1*2*98"` prints the screens of that path and exits.
 * Options: --url URL, --phone +223..., --inputs PATH, --in-process (start the app inside this process).
 * `--voice` simulates a voice call instead (scripts/simulate-voice.ts).
 */
import { randomUUID } from 'node:crypto';
import { createInterface } from 'node:readline/promises';
import { parseArgs } from 'node:util';

interface Args {
  url: string;
  phone: string;
  inputs: string | undefined;
  inProcess: boolean;
}

function parse(): Args {
  const { values } = parseArgs({
    options: {
      url: { type: 'string' },
      phone: { type: 'string', default: '+22370000000' },
      inputs: { type: 'string' },
      'in-process': { type: 'boolean', default: false },
    },
  });
  const port = process.env.PORT ?? '3000';
  return {
    url: values.url ?? process.env.TANGA_URL ?? `http://127.0.0.1:${port}/ussd`,
    phone: values.phone ?? '+22370000000',
    inputs: values.inputs,
    inProcess: values['in-process'] ?? false,
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

async function startInProcess(): Promise<{ url: string; stop: () => Promise<void> }> {
  const { startServer } = await import('../src/server');
  const server = await startServer({ PORT: '0', LOG_LEVEL: process.env.LOG_LEVEL ?? 'warn' });
  return { url: `http://127.0.0.1:${server.port}/ussd`, stop: () => server.stop() };
}

async function main(): Promise<void> {
  if (process.argv.includes('--voice')) {
    await import('./simulate-voice');
    return;
  }
  const args = parse();
  let stop: (() => Promise<void>) | null = null;
  let url = args.url;
  if (args.inProcess) {
    const started = await startInProcess();
    url = started.url;
    stop = started.stop;
  }
  const sessionId = `SIM_${randomUUID()}`;
  const typed: string[] = [];
  const hop = (): Promise<string> =>
    post(url, {
      sessionId,
      serviceCode: '*123#',
      phoneNumber: args.phone,
      networkCode: '99999',
      text: typed.join('*'),
    });

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
