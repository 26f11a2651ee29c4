/**
 * A fake Africa's Talking voice gateway for tests: posts the call-handling callback, checks the answer is
 * well-formed XML, and follows the callback URL the answer names, as AT would after keys or a recording.
 */
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import request from 'supertest';
import type { App } from 'supertest/types';

type XmlNode = Record<string, unknown> & { ':@'?: Record<string, string> };

export interface VoiceAction {
  tag: string;
  attrs: Record<string, string>;
  /** The Play URLs inside (GetDigits, Record) or the Play's own. */
  plays: string[];
}

export interface VoiceAnswer {
  status: number;
  contentType: string;
  xml: string;
  actions: VoiceAction[];
  /** The first action waiting for the caller (GetDigits or Record), or null when the call ends. */
  waitsFor: VoiceAction | null;
  /** Every prompt the caller hears before that action waits (locale/file). */
  heard: string[];
}

const parser = new XMLParser({ preserveOrder: true, ignoreAttributes: false, attributeNamePrefix: '' });

export function parseVoiceXml(xml: string): VoiceAction[] {
  const valid = XMLValidator.validate(xml);
  if (valid !== true) throw new Error(`invalid XML: ${JSON.stringify(valid)}`);
  const doc = parser.parse(xml) as XmlNode[];
  const response = doc.find((n) => 'Response' in n);
  if (!response) throw new Error('no <Response>');
  const children = response.Response as XmlNode[];
  return children.map((child) => {
    const tag = Object.keys(child).find((k) => k !== ':@') ?? '';
    const attrs = child[':@'] ?? {};
    const inner = (child[tag] as XmlNode[] | undefined) ?? [];
    const plays =
      tag === 'Play' ? [attrs.url ?? ''] : inner.filter((n) => 'Play' in n).map((n) => n[':@']?.url ?? '');
    return { tag, attrs, plays };
  });
}

/** The prompt part of an audio URL: `fr/main.wav`. */
export const promptOf = (url: string): string => url.split('/voice/audio/')[1] ?? url;

export class FakeVoiceCall {
  private next: string;

  constructor(
    private readonly app: App,
    readonly sessionId: string,
    readonly callerNumber: string,
    private readonly token: string,
  ) {
    this.next = `/voice?token=${encodeURIComponent(token)}`;
  }

  async post(fields: Record<string, string>, path = this.next): Promise<VoiceAnswer> {
    const res = await request(this.app)
      .post(path)
      .type('form')
      .send({
        isActive: '1',
        sessionId: this.sessionId,
        direction: 'Inbound',
        callerNumber: this.callerNumber,
        destinationNumber: '+22320000000',
        ...fields,
      });
    const xml = res.text;
    const actions = res.status === 200 && xml !== '' ? parseVoiceXml(xml) : [];
    // What plays before the first "no input" repeat; the gateway waits at the last gather before it.
    const repeat = actions.findIndex(
      (a) => a.tag === 'Play' && /\/_no_input\.(mp3|wav)$/.test(a.plays[0] ?? ''),
    );
    const first = repeat === -1 ? actions : actions.slice(0, repeat);
    const waitsFor = [...first].reverse().find((a) => a.tag === 'GetDigits' || a.tag === 'Record') ?? null;
    const heard = first.flatMap((a) => a.plays).map(promptOf);
    if (waitsFor?.attrs.callbackUrl) {
      const url = new URL(waitsFor.attrs.callbackUrl);
      this.next = `${url.pathname}${url.search}`;
    }
    return {
      status: res.status,
      contentType: String(res.headers['content-type']),
      xml,
      actions,
      waitsFor,
      heard,
    };
  }

  /** The call starts (AT's first request, no keys). */
  dial(): Promise<VoiceAnswer> {
    return this.post({});
  }

  press(digits: string): Promise<VoiceAnswer> {
    return this.post({ dtmfDigits: digits });
  }

  recorded(url: string): Promise<VoiceAnswer> {
    return this.post({ recordingUrl: url });
  }

  hangUp(): Promise<VoiceAnswer> {
    return this.post({ isActive: '0', durationInSeconds: '42', currencyCode: 'XOF', amount: '10' });
  }
}
