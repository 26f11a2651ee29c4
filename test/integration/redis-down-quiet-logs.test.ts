/**
 * An outage is logged once, not once per hop: with Redis down, the breaker says so, and every hop that
 * falls back (language asked again, draft not kept, report filed without the daily cap, receipt kept in
 * the outbox) does so without a log line of its own. Before, each hop wrote up to three warnings, which at
 * a few hundred hops a second buried the one line that mattered and cost more CPU than the hop.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import request from 'supertest';
import { parse } from 'yaml';
import { createLogger } from '../../src/logger';
import { startServer } from '../../src/server';

const reportInputs = (
  parse(readFileSync(join(__dirname, '../../flows/transcripts/report.fr.yaml'), 'utf8')) as {
    inputs: (string | number)[];
  }
).inputs.map(String);

it('when Redis is down, then sessions that file reports are answered and the logs hold no line per hop', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'tanga-quiet-'));
  const lines: { level: number; msg: string }[] = [];
  const destination = new Writable({
    write(chunk: Buffer, _enc, done) {
      lines.push(JSON.parse(chunk.toString()) as { level: number; msg: string });
      done();
    },
  });
  const svc = await startServer(
    {
      PORT: '0',
      HOST: '127.0.0.1',
      DATA_DIR: dir,
      NODE_ENV: 'test',
      WORKERS: 'none',
      REDIS_URL: 'redis://127.0.0.1:1',
    },
    { logger: createLogger({ level: 'info', destination }) },
  );
  try {
    const base = `http://127.0.0.1:${svc.port}`;
    const before = lines.length;
    const sessions = 6;
    let codes = 0;
    for (let s = 0; s < sessions; s++) {
      const phoneNumber = `+2237077${String(7000 + s)}`;
      // A new caller each time: language asked, then the whole report form.
      const path: string[] = [];
      let last = '';
      for (const input of ['', ...reportInputs]) {
        if (input !== '') path.push(input);
        const res = await request(base)
          .post('/ussd')
          .type('form')
          .send({ sessionId: `QUIET${s}`, serviceCode: '*123#', phoneNumber, text: path.join('*') });
        expect(res.status).toBe(200);
        last = res.text;
      }
      if (/^END [^]*\b\d{8}\b/.test(last)) codes++;
    }
    expect(codes).toBe(sessions);
    const perHop = lines.slice(before).filter((l) => l.level >= 40);
    // Whatever the breaker and the queue connections say about the outage itself, nothing scales with hops.
    const messages = perHop.map((l) => l.msg);
    for (const perHopLine of [
      'caller preferences unavailable; asking for the language',
      'could not remember the caller language',
      'draft step skipped',
      'report submission step unavailable',
    ])
      expect(messages).not.toContain(perHopLine);
    expect(perHop.length).toBeLessThan(sessions);
  } finally {
    await svc.stop();
    rmSync(dir, { recursive: true, force: true });
  }
});
