import { LocalSmsc } from '../../scripts/local-smsc';
import { SmppLink, type SmppLinkState } from '../../src/adapters/smpp/smpp-link';
import { createLogger } from '../../src/logger';

const logger = createLogger({ level: 'silent' });

function link(port: number, over: Partial<{ password: string; enquireLinkMs: number }> = {}) {
  const states: SmppLinkState[] = [];
  const l = new SmppLink({
    endpoint: {
      host: '127.0.0.1',
      port,
      tls: false,
      systemId: 'tanga',
      password: over.password ?? 'secret',
      systemType: '',
    },
    logger,
    tps: 50,
    window: 10,
    enquireLinkMs: over.enquireLinkMs ?? 30_000,
    responseTimeoutMs: 1000,
    reconnectMinMs: 100,
    reconnectMaxMs: 1000,
    throttleHoldMs: 200,
    onState: (s) => states.push(s),
  });
  return { l, states };
}

describe('SMPP link against the local SMSC', () => {
  let smsc: LocalSmsc;
  let port: number;
  beforeEach(async () => {
    smsc = new LocalSmsc({ systemId: 'tanga', password: 'secret' });
    port = await smsc.listen();
  });
  afterEach(async () => {
    await smsc.close();
  });

  it('when started, then it binds as transceiver and keeps the link alive with enquire_link', async () => {
    const { l, states } = link(port, { enquireLinkMs: 150 });
    l.start();
    await l.whenBound();
    expect(smsc.binds).toBe(1);
    await smsc.waitFor(() => smsc.enquireLinks >= 2, 3000, 'two enquire_link');
    expect(l.state).toBe('bound');
    expect(states).toEqual(['connecting', 'bound']);
    await l.close();
  });

  it('when the connection drops, then it is bound again within seconds', async () => {
    const { l, states } = link(port);
    l.start();
    await l.whenBound();
    const cut = Date.now();
    smsc.dropConnections();
    await smsc.waitFor(() => smsc.binds === 2, 5000, 'a second bind');
    await l.whenBound();
    expect(Date.now() - cut).toBeLessThan(3000);
    expect(states).toEqual(['connecting', 'bound', 'down', 'connecting', 'bound']);
    await l.close();
  });

  it('when the SMSC unbinds, then the unbind is answered and it binds again', async () => {
    const { l } = link(port);
    l.start();
    await l.whenBound();
    expect(await smsc.unbindAll()).toEqual([0]);
    await smsc.waitFor(() => smsc.binds === 2, 5000, 'a bind after the unbind');
    await l.whenBound();
    await l.close();
  });

  it('when closed, then it unbinds and does not bind again', async () => {
    const { l, states } = link(port);
    l.start();
    await l.whenBound();
    await l.close();
    expect(smsc.unbinds).toBe(1);
    expect(states.at(-1)).toBe('closed');
    await new Promise((r) => setTimeout(r, 400));
    expect(smsc.binds).toBe(1);
  });

  it('when the SMSC refuses the credentials, then it is not bound and keeps trying with backoff', async () => {
    const { l } = link(port, { password: 'wrong' });
    l.start();
    await new Promise((r) => setTimeout(r, 700));
    expect(l.state).not.toBe('bound');
    expect(smsc.binds).toBe(0);
    expect(smsc.server.sessions.length).toBeLessThanOrEqual(1);
    await l.close();
  });

  it('when nothing listens yet, then it binds as soon as the SMSC is up', async () => {
    await smsc.close();
    const { l } = link(port);
    l.start();
    await new Promise((r) => setTimeout(r, 300));
    expect(l.state).not.toBe('bound');
    smsc = new LocalSmsc({ systemId: 'tanga', password: 'secret' });
    await smsc.listen(port);
    await l.whenBound();
    expect(smsc.binds).toBe(1);
    await l.close();
  });
});
