import { describe, expect, it } from 'vitest';
import { ConceptCatalog } from '../src/answer/concept-catalog.js';
import { SentenceClassifier } from '../src/extract/classify/classifier.js';
import { maskPii } from '../src/extract/pii.js';
import type { Ticket } from '../src/extract/read/ticket.js';
import {
  classifySentences,
  faultStatement,
  linkConcepts,
  type StageContext,
} from '../src/extract/stages.js';
import { Tokenizer } from '../src/text/index.js';

const tokenizer = new Tokenizer();
const ctx: StageContext = {
  catalog: new ConceptCatalog([], tokenizer),
  tokenizer,
  classifier: SentenceClassifier.load({ tokenizer }),
  mask: (t) => maskPii(t).text,
};

const ticket = (description: string): Ticket => ({
  id: 't1',
  createdAt: null,
  resolvedAt: null,
  customerId: null,
  product: null,
  subject: 'Security scanner flags the bundled xmlparser 2.3',
  description,
  cause: null,
  resolution: 'Upgraded xmlparser to 2.5.',
  status: 'resolved',
  lang: 'en',
  duplicateOf: [],
  turns: null,
  meta: {},
});

describe('faultStatement phrasings', () => {
  const t = ticket(
    [
      'Hello team, thanks in advance!',
      'The scanner reports two advisories against xmlparser.',
      '* [https://security.example.org/advisory/ADV-2031-4471]',
      'Please move to 2.5 or newer.',
      'Thanks!',
    ].join('\n'),
  );
  const sentences = classifySentences(t, ctx);
  const fault = faultStatement(t, sentences, ctx)!;

  it('marks greetings and thanks as boilerplate, and a line of links as not', () => {
    const flag = (text: string) => sentences.find((s) => s.text === text)?.boilerplate;
    expect(flag('Hello team, thanks in advance!')).toBe(true);
    expect(flag('Thanks!')).toBe(true);
    expect(flag('* [https://security.example.org/advisory/ADV-2031-4471]')).toBe(false);
    // A greeting with a link still names something; emoticons alone do not.
    const more = classifySentences(
      ticket('Thanks, https://security.example.org/advisory/ADV-2031-4471\n[哈哈][哈哈]'),
      ctx,
    );
    const flagOf = (text: string) => more.find((s) => s.text === text)?.boilerplate;
    expect(flagOf('Thanks, https://security.example.org/advisory/ADV-2031-4471')).toBe(false);
    expect(flagOf('[哈哈][哈哈]')).toBe(true);
  });

  it("keeps every other sentence the customer wrote, noise by the model or not, and never the agent's", () => {
    expect(fault.text).toContain('Security scanner flags the bundled xmlparser 2.3');
    // The link names the advisory a later ticket will quote; "move to 2.5" names the fix asked for.
    expect(fault.phrasings).toEqual([
      '* [https://security.example.org/advisory/ADV-2031-4471]',
      'Please move to 2.5 or newer.',
    ]);
    expect(sentences.find((s) => s.text === 'Please move to 2.5 or newer.')?.role).toBe('noise');
  });
});

describe('linkConcepts', () => {
  const withCerts: StageContext = {
    ...ctx,
    catalog: new ConceptCatalog(
      [
        {
          id: 'https-certificate-error',
          type: 'Fault',
          labels: { zh: '网站HTTPS证书错误', en: 'website HTTPS certificate error' },
          aliases: { zh: ['网站提示不安全'], en: ['HTTPS not working', 'site shows not secure'] },
          parents: [],
        },
      ],
      tokenizer,
    ),
  };

  it('reads the words of the text, not of the links in it', () => {
    expect(
      linkConcepts(
        'HTTPS not working on our site, the browser says the certificate expired',
        withCerts,
        'Fault',
      ),
    ).toEqual(['https-certificate-error']);
    // A wiki link's "https" and an error in the same sentence are no certificate error.
    const linked =
      'The [wiki page|https://wiki.example.org/display/PoweredBy] on [main page|https://www.example.org/] gives an error';
    expect(linkConcepts(linked, withCerts, 'Fault')).toEqual([]);
    expect(
      linkConcepts('see www.example.org/https/error for the error', withCerts, 'Fault'),
    ).toEqual([]);
    // A link inside Chinese text ends where the Chinese starts: the symptom after it is read.
    expect(linkConcepts('打开https://example.org后网站提示不安全', withCerts, 'Fault')).toEqual([
      'https-certificate-error',
    ]);
  });
});
