import type { ConceptCatalog } from '../answer/concept-catalog.js';
import { detectLanguage, splitSentences, type Tokenizer } from '../text/index.js';
import type { Role, SentenceClassifier } from './classify/classifier.js';
import type { Ticket } from './read/ticket.js';

/**
 * The pure stages of extraction: a ticket in, what it says about fault → cause → solution out.
 * No store, no clock: the same ticket and the same ontology always give the same extraction.
 * Entity resolution (merge or create) and the write plan come after, in `resolve.ts`.
 */

export interface StageContext {
  catalog: ConceptCatalog;
  tokenizer: Tokenizer;
  classifier: SentenceClassifier;
  /** Masks personal data; applied to every text before anything else reads it. */
  mask: (text: string) => string;
}

/** One sentence or dialogue turn, where it came from, and what the classifier made of it. */
export interface ClassifiedSentence {
  text: string;
  source: 'subject' | 'description' | 'cause' | 'resolution' | 'turn';
  sender: 'customer' | 'agent' | null;
  role: Role;
  /** Probability of the chosen role. */
  score: number;
  /**
   * Nothing but noise by the cue rules (greetings, thanks, apologies, redirects, boilerplate,
   * signatures, acknowledgements, emoticons) or no word at all — unless it holds a link or an
   * @handle: "Thanks, https://nvd.nist.gov/vuln/detail/CVE-…" is noise as a statement but names
   * something (a CVE, an issue, an account), so it is not boilerplate.
   */
  boilerplate: boolean;
}

export interface ExtractedStatement {
  /** Masked text of the statement (a phrasing, a cause, or a solution title). */
  text: string;
  /** Concepts linked to it (aliases, fuzzy, TF-IDF), most specific first. */
  concepts: string[];
  /** 0..1: how sure the stage is that this statement is what it claims to be. */
  confidence: number;
  /** The sentences it was built from (provenance). */
  sentences: string[];
  /** Further phrasings of the same thing (fault statements only). */
  phrasings?: string[];
}

export interface Extraction {
  ticketId: string;
  lang: 'zh' | 'en';
  /** Product concept detected in the ticket (field or text), or null. */
  productConcept: string | null;
  fault: ExtractedStatement | null;
  cause: ExtractedStatement | null;
  solution: (ExtractedStatement & { steps: string[] }) | null;
  /** Component concepts mentioned anywhere in the ticket. */
  components: string[];
  sentences: ClassifiedSentence[];
}

/** Longest a single statement may be (longer text is cut at a sentence boundary). */
const MAX_STATEMENT = 300;
const MAX_STEPS = 8;
/**
 * The customer's other sentences (description or customer turns, except boilerplate) kept as
 * extra phrasings of a fault, per ticket: later questions use the same words for the same problem.
 */
const MAX_EXTRA_PHRASINGS = 30;

export function extractTicket(ticket: Ticket, ctx: StageContext): Extraction {
  const sentences = classifySentences(ticket, ctx);
  const allText = sentences.map((s) => s.text).join('\n');
  const lang = ticket.lang ?? detectLanguage(allText);
  const productConcept = detectProduct(ticket, allText, ctx);
  const components = linkConcepts(allText, ctx, 'Component');
  return {
    ticketId: ticket.id,
    lang,
    productConcept,
    fault: faultStatement(ticket, sentences, ctx),
    cause: causeStatement(ticket, sentences, ctx),
    solution: solutionStatement(sentences, ctx),
    components,
    sentences,
  };
}

/** Stage 1: split every text field (or dialogue turn) into sentences and classify each. */
export function classifySentences(ticket: Ticket, ctx: StageContext): ClassifiedSentence[] {
  const out: ClassifiedSentence[] = [];
  const add = (
    text: string,
    source: ClassifiedSentence['source'],
    sender: ClassifiedSentence['sender'],
    position: 'first' | 'middle' | 'last',
  ) => {
    const masked = ctx.mask(text).trim();
    if (masked === '') return;
    const r = ctx.classifier.classify(masked, { sender: sender ?? undefined, position });
    out.push({
      text: masked,
      source,
      sender,
      role: r.role,
      score: r.scores[r.role],
      boilerplate: r.rule === 'empty' || (r.rule === 'noise-only' && !NAMES_SOMETHING.test(masked)),
    });
  };
  if (ticket.turns && ticket.turns.length > 0) {
    ticket.turns.forEach((t, i) =>
      add(
        t.text,
        'turn',
        t.sender,
        i === 0 ? 'first' : i === ticket.turns!.length - 1 ? 'last' : 'middle',
      ),
    );
  }
  const fields: [ClassifiedSentence['source'], string | null, ClassifiedSentence['sender']][] = [
    ['subject', ticket.subject, 'customer'],
    ['description', ticket.description, 'customer'],
    ['cause', ticket.cause, 'agent'],
    ['resolution', ticket.resolution, 'agent'],
  ];
  for (const [source, text, sender] of fields) {
    if (!text) continue;
    // The subject is one statement; the other fields are split into sentences.
    const parts = source === 'subject' ? [text] : splitSentences(text);
    parts.forEach((p, i) =>
      add(p, source, sender, i === 0 ? 'first' : i === parts.length - 1 ? 'last' : 'middle'),
    );
  }
  return out;
}

/**
 * Stage 2a: the fault statement. The subject when there is one (customers name their problem
 * there), else the customer's symptom sentences; the confidence is the classifier's belief that
 * the text states a symptom, raised when it links to a fault concept.
 */
export function faultStatement(
  ticket: Ticket,
  sentences: readonly ClassifiedSentence[],
  ctx: StageContext,
): ExtractedStatement | null {
  const symptoms = sentences.filter((s) => s.role === 'symptom' && s.sender !== 'agent');
  const subject = sentences.find((s) => s.source === 'subject');
  const firstCustomer = sentences.find((s) => s.sender === 'customer' && s.role !== 'noise');
  const picked = subject
    ? [subject, ...symptoms.filter((s) => s !== subject).slice(0, 1)]
    : symptoms.length > 0
      ? symptoms.slice(0, 2)
      : firstCustomer
        ? [firstCustomer]
        : [];
  if (picked.length === 0) return null;
  const text = clip(picked.map((s) => s.text).join(' '));
  // The customer names the symptom; the agent's diagnosis often names the specific fault (电源模块
  // in "更换电源模块后恢复"). Link over both and keep the most specific concepts.
  const concepts = linkConcepts(
    sentences
      .filter((s) => s.role !== 'noise')
      .map((s) => s.text)
      .join('\n'),
    ctx,
    'Fault',
  );
  const base = Math.max(...picked.map((s) => (s.role === 'symptom' ? s.score : s.score * 0.5)));
  return {
    text,
    concepts,
    confidence: round(
      Math.min(1, base * (concepts.length > 0 ? 1 : 0.7) + (concepts.length > 0 ? 0.2 : 0)),
    ),
    sentences: picked.map((s) => s.text),
    // Everything else the customer said about it: more phrasings for later questions to match.
    // Sentences the model calls noise stay unless they are boilerplate: "Upgrade to latest 1.69."
    // or a line of CVE links says what the ticket is about, even if it states no symptom.
    phrasings: sentences
      .filter(
        (s) =>
          !picked.includes(s) &&
          !s.boilerplate &&
          (s.source === 'description' || (s.source === 'turn' && s.sender === 'customer')),
      )
      .slice(0, MAX_EXTRA_PHRASINGS)
      .map((s) => clip(s.text)),
  };
}

/** Stage 2b: the cause: the ticket's cause field when given, else sentences classified as cause. */
export function causeStatement(
  ticket: Ticket,
  sentences: readonly ClassifiedSentence[],
  ctx: StageContext,
): ExtractedStatement | null {
  const fromField = sentences.filter((s) => s.source === 'cause');
  const picked =
    fromField.length > 0 ? fromField : sentences.filter((s) => s.role === 'cause').slice(0, 2);
  if (picked.length === 0) return null;
  const text = clip(picked.map((s) => s.text).join(' '));
  const concepts = linkConcepts(text, ctx, 'Cause');
  const confidence = fromField.length > 0 ? 0.9 : Math.max(...picked.map((s) => s.score));
  return { text, concepts, confidence: round(confidence), sentences: picked.map((s) => s.text) };
}

/**
 * Stage 2c: the solution: the agent's sentences classified as solution (resolution field or
 * agent turns), each a step, in order; the title is the first step.
 */
export function solutionStatement(
  sentences: readonly ClassifiedSentence[],
  ctx: StageContext,
): (ExtractedStatement & { steps: string[] }) | null {
  const steps = sentences.filter(
    (s) => s.role === 'solution' && s.sender !== 'customer' && s.source !== 'cause',
  );
  if (steps.length === 0) return null;
  const texts = [...new Set(steps.map((s) => clip(s.text)))].slice(0, MAX_STEPS);
  const concepts = linkConcepts(texts.join('\n'), ctx, 'Solution');
  const confidence = steps.reduce((a, s) => a + s.score, 0) / steps.length;
  return {
    text: texts[0]!,
    steps: texts,
    concepts,
    confidence: round(confidence),
    sentences: steps.map((s) => s.text),
  };
}

/**
 * Stage 3: concepts of one type mentioned in a text: exact labels and aliases in any language
 * first; if none, the best fuzzy / TF-IDF match over the concepts' labels and aliases (cosine of
 * IDF-weighted terms, so "powersupply broke" still reaches power-module). Most specific first.
 */
export function linkConcepts(raw: string, ctx: StageContext, type: string): string[] {
  // A link's words are an address, not a description of the problem: "https" in a wiki link is
  // no HTTPS certificate error.
  const text = MAYBE_LINK.test(raw) ? raw.replace(LINK, ' ') : raw;
  const exact = ctx.catalog
    .match(text)
    .map((m) => m.conceptId)
    .filter((id) => ctx.catalog.byId.get(id)?.type === type);
  // TF-IDF also runs when aliases matched: its best concept is kept when it is narrower than an
  // exact match (the text says more than the alias it happened to contain).
  const similar = ctx.catalog.similar(text, type, 0.35).slice(0, 1);
  const ids =
    exact.length === 0
      ? similar
      : [...exact, ...similar.filter((s) => exact.some((e) => ctx.catalog.ancestors(s, 4).has(e)))];
  // Drop a concept when a more specific one of the same line is present.
  const kept = ids.filter(
    (id) => !ids.some((other) => other !== id && ctx.catalog.ancestors(other).has(id)),
  );
  return kept.sort((a, b) => ctx.catalog.depth(b) - ctx.catalog.depth(a) || a.localeCompare(b));
}

/**
 * URLs (a scheme or www.), up to the next space, bracket, quote, Han character or full-width
 * punctuation: "打开https://example.com后页面提示证书错误" keeps "后页面提示证书错误". The look-behind
 * (instead of `\b`) and the bounded scheme keep it linear on long runs such as "a.a.a.…".
 */
const LINK_START = String.raw`(?:[a-z][a-z0-9+.-]{0,31}:\/\/|www\.)`;
const LINK = new RegExp(
  String.raw`(?<![a-z0-9+.-])${LINK_START}[^\s\]|)>"'<\p{Script=Han}\u3000-\u303f\uff00-\uffef]+`,
  'giu',
);
/** What every match of LINK contains: most texts have no link and skip the full search. */
const MAYBE_LINK = /:\/\/|www\./i;
/** A link or an @handle: what makes a noise-cued sentence name something. */
const NAMES_SOMETHING = new RegExp(String.raw`${LINK_START}\S|@[^\s@,，。:：!！?？]{2,30}`, 'iu');

/** Stage 4: the product: the ticket's product field (id, concept id or name), else the text. */
export function detectProduct(ticket: Ticket, text: string, ctx: StageContext): string | null {
  if (ticket.product) {
    const direct = ctx.catalog.byId.get(ticket.product);
    if (direct?.type === 'Product') return direct.id;
    const named = linkConcepts(ticket.product, ctx, 'Product')[0];
    if (named) return named;
    // Product ids of the instance tier look like prod-<concept>.
    const stripped = ticket.product.replace(/^prod-/, '');
    if (ctx.catalog.byId.get(stripped)?.type === 'Product') return stripped;
  }
  return linkConcepts(text, ctx, 'Product')[0] ?? null;
}

function clip(text: string): string {
  if (text.length <= MAX_STATEMENT) return text;
  const cut = text.slice(0, MAX_STATEMENT);
  const stop = Math.max(
    cut.lastIndexOf('。'),
    cut.lastIndexOf('. '),
    cut.lastIndexOf('！'),
    cut.lastIndexOf('？'),
  );
  return stop > MAX_STATEMENT / 2 ? cut.slice(0, stop + 1) : `${cut}…`;
}

function round(x: number): number {
  return Math.round(x * 1000) / 1000;
}
