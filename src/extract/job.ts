import { randomUUID } from 'node:crypto';
import type { Logger } from 'pino';
import type { AnswerService } from '../answer/answer-service.js';
import { BadInputError, ConflictError, NotFoundError } from '../errors.js';
import type { ChangesetRecord, GraphStore, LinkUpsert, NodeUpsert } from '../graph/store.js';
import type { Tokenizer } from '../text/index.js';
import type { SentenceClassifier } from './classify/classifier.js';
import { openDeadLetter } from './dead-letter.js';
import { maskPii } from './pii.js';
import type { ReadItem, Ticket } from './read/ticket.js';
import {
  DEFAULT_RESOLVE_OPTIONS,
  planTicket,
  type FaultView,
  type ResolveContext,
  type ResolveOptions,
} from './resolve.js';
import { extractTicket, type StageContext } from './stages.js';
import { preview } from '../text/hygiene.js';

export interface ImportOptions {
  /** Name of the source (file path, or `graphql`), for checkpoints and changesets. */
  source: string;
  /** Tickets per transaction (one changeset and one checkpoint each). @default 200 */
  batchSize?: number;
  /**
   * Share of bad records (of all records in the source) above which the run reports failure; the
   * readable records are imported all the same. @default 0.01
   */
  maxBadShare?: number;
  /** Where bad records go (JSONL: line, reason, raw). @default none */
  deadLetterFile?: string | null;
  /** Resume after the source's checkpoint (skip lines already committed). @default true */
  resume?: boolean;
  /** Called after every committed batch. */
  onProgress?: (p: ImportProgress) => void;
}

export interface ImportProgress {
  read: number;
  imported: number;
  merged: number;
  skipped: number;
  quarantined: number;
  line: number;
}

export interface ImportSummary extends ImportProgress {
  run: string;
  source: string;
  changesets: string[];
  /** Highest (resolvedAt, id) committed. */
  watermark: { resolvedAt: string | null; id: string } | null;
  deadLetterFile: string | null;
  /** Why the run counts as failed (too many bad records), or null. */
  failure: string | null;
  seconds: number;
  /** Reasons for skipped tickets, counted. */
  skipReasons: Record<string, number>;
}

export interface JobDeps {
  store: GraphStore;
  answers: AnswerService;
  tokenizer: Tokenizer;
  classifier: SentenceClassifier;
  log: Logger;
  clock?: () => Date;
  resolve?: Partial<ResolveOptions>;
}

/** Default {@link ImportOptions.maxBadShare}. */
export const DEFAULT_MAX_BAD_SHARE = 0.01;

/** The tail of the queue of batch commits on each store (see `commitExclusive`). */
const commitQueues = new WeakMap<GraphStore, Promise<unknown>>();

/**
 * The extraction job: reads tickets, runs the pure stages, resolves entities against the graph and
 * applies each batch in one transaction together with its changeset and checkpoint, then tells the
 * answer service (index and cache) what changed. Idempotent: a ticket whose case exists is skipped,
 * so the same archive twice changes nothing; a crashed run resumes after its last checkpoint.
 */
export class ExtractionJob {
  private readonly clock: () => Date;
  private readonly options: ResolveOptions;
  private components: Map<string, string> | null = null;

  constructor(private readonly deps: JobDeps) {
    this.clock = deps.clock ?? (() => new Date());
    this.options = { ...DEFAULT_RESOLVE_OPTIONS, ...deps.resolve };
  }

  async run(
    items: AsyncIterable<ReadItem> | Iterable<ReadItem>,
    opts: ImportOptions,
  ): Promise<ImportSummary> {
    const started = Date.now();
    const run = `run-${this.clock()
      .toISOString()
      .replace(/[-:.TZ]/g, '')
      .slice(0, 14)}-${randomUUID().slice(0, 8)}`;
    const batchSize = opts.batchSize ?? 200;
    if (!Number.isInteger(batchSize) || batchSize < 1)
      throw new BadInputError('batch size must be a positive integer');
    const maxBad = opts.maxBadShare ?? DEFAULT_MAX_BAD_SHARE;
    if (!Number.isFinite(maxBad) || maxBad < 0 || maxBad > 1)
      throw new BadInputError(
        `the share of bad records allowed must be between 0 and 1, got ${maxBad}`,
      );
    const resumeAt =
      opts.resume === false ? 0 : ((await this.deps.store.checkpoint(opts.source))?.line ?? 0);
    const dead = opts.deadLetterFile
      ? await openDeadLetter(opts.deadLetterFile, opts.source, resumeAt)
      : null;
    const s: ImportSummary = {
      run,
      source: opts.source,
      read: 0,
      imported: 0,
      merged: 0,
      skipped: 0,
      quarantined: 0,
      line: resumeAt,
      changesets: [],
      watermark: null,
      deadLetterFile: opts.deadLetterFile ?? null,
      failure: null,
      seconds: 0,
      skipReasons: {},
    };
    const skip = (reason: string) => {
      s.skipped++;
      s.skipReasons[reason] = (s.skipReasons[reason] ?? 0) + 1;
    };
    /** Bad records in the whole source, before the checkpoint too: a resumed run judges as a whole one. */
    let bad = 0;
    let batch: { line: number; ticket: Ticket }[] = [];
    try {
      for await (const item of items) {
        s.read++;
        if (item.kind === 'bad') bad++;
        if (item.line <= resumeAt) {
          skip('before the checkpoint of an earlier run');
          continue;
        }
        if (item.kind === 'bad') {
          s.quarantined++;
          // The raw text may hold personal data: mask it before it reaches a file.
          dead?.write(item.line, item.reason, maskPii(item.raw).text);
          continue;
        }
        batch.push(item);
        if (batch.length >= batchSize) {
          await this.commitExclusive(batch, run, opts, s, skip);
          batch = [];
        }
      }
      if (batch.length > 0) await this.commitExclusive(batch, run, opts, s, skip);
    } finally {
      dead?.close();
    }
    if (s.read > 0 && bad / s.read > maxBad) {
      s.failure =
        `${bad} of ${s.read} records (${((100 * bad) / s.read).toFixed(1)} %) could not be read, ` +
        `more than the allowed ${(100 * maxBad).toFixed(1)} %; the readable records were imported` +
        (s.deadLetterFile ? `, the others are in ${s.deadLetterFile}` : '');
    }
    s.seconds = (Date.now() - started) / 1000;
    this.deps.log.info(
      {
        run,
        source: opts.source,
        read: s.read,
        imported: s.imported,
        merged: s.merged,
        skipped: s.skipped,
        quarantined: s.quarantined,
      },
      'import finished',
    );
    return s;
  }

  /**
   * Runs {@link commit} alone among the job runs on the same store in this process. A batch plans
   * against the graph and answer index as they are (which cases exist, which faults a ticket can
   * merge into) and then writes: two runs planning at once would both create a fault for the same
   * problem, or both import a ticket that is in both archives. Serialised, each batch sees every
   * batch committed before it, so concurrent imports (two `ingestTickets` calls, a watch and an
   * import) end as some sequential order of their batches would.
   */
  private commitExclusive(...args: Parameters<ExtractionJob['commit']>): Promise<void> {
    const previous = commitQueues.get(this.deps.store) ?? Promise.resolve();
    const next = previous.then(() => this.commit(...args));
    commitQueues.set(
      this.deps.store,
      next.catch(() => undefined),
    );
    return next;
  }

  private async commit(
    batch: { line: number; ticket: Ticket }[],
    run: string,
    opts: ImportOptions,
    s: ImportSummary,
    skip: (reason: string) => void,
  ): Promise<void> {
    const { store, answers } = this.deps;
    const ids = [...new Set(batch.map((b) => b.ticket.id))];
    const existing = new Set((await store.getNodes('Case', ids)).map((n) => n.id));
    const components = await this.componentMap();
    const pending = new Map<string, FaultView>();
    const newProducts = new Set<string>();
    const stageCtx: StageContext = {
      catalog: answers.concepts,
      tokenizer: this.deps.tokenizer,
      classifier: this.deps.classifier,
      mask: (t) => maskPii(t).text,
    };
    const ctx: ResolveContext = {
      index: answers.index,
      catalog: answers.concepts,
      tokenizer: this.deps.tokenizer,
      fault: async (id) => pending.get(id) ?? (await answers.faultView(id)),
      batchFaults: () => pending,
      productOf: (c) => {
        const known = answers.productIdOf(c) ?? (newProducts.has(c) ? `prod-${c}` : null);
        if (known) return { id: known, create: false };
        newProducts.add(c);
        return { id: `prod-${c}`, create: true };
      },
      componentOf: (c) => components.get(c) ?? null,
      run,
      options: this.options,
    };
    const nodes: NodeUpsert[] = [];
    const links: LinkUpsert[] = [];
    const cs: ChangesetRecord = {
      id: `${run}-${String(s.changesets.length + 1).padStart(4, '0')}`,
      run,
      source: opts.source,
      createdAt: this.clock().toISOString(),
      state: 'applied',
      summary: {},
      created: [],
      linked: [],
      changed: [],
    };
    const counts = { imported: 0, merged: 0, skipped: 0 };
    const seen = new Set<string>();
    let watermark = s.watermark;
    for (const { ticket } of batch) {
      if (existing.has(ticket.id) || seen.has(ticket.id)) {
        skip('already imported');
        counts.skipped++;
        continue;
      }
      seen.add(ticket.id);
      const ex = extractTicket(ticket, stageCtx);
      const plan = await planTicket(ticket, ex, ctx);
      if (plan.outcome === 'skipped') {
        skip(plan.reason ?? 'nothing to learn');
        counts.skipped++;
        continue;
      }
      counts[plan.outcome]++;
      nodes.push(...plan.nodes);
      links.push(...plan.links);
      cs.created.push(...plan.created);
      cs.linked.push(...plan.links.map(({ type, from, to }) => ({ type, from, to })));
      for (const c of plan.changed) {
        if (!cs.changed.some((x) => x.ref.type === c.ref.type && x.ref.id === c.ref.id))
          cs.changed.push(c);
      }
      if (plan.fault) {
        const wasPending = pending.get(plan.fault.id)?.pending ?? plan.faultMode === 'create';
        pending.set(plan.fault.id, { record: plan.fault, pending: wasPending });
      }
      const w = { resolvedAt: ticket.resolvedAt, id: ticket.id };
      if (
        !watermark ||
        `${w.resolvedAt ?? ''}\u0000${w.id}` > `${watermark.resolvedAt ?? ''}\u0000${watermark.id}`
      )
        watermark = w;
    }
    cs.summary = { tickets: batch.length, ...counts, nodes: nodes.length, links: links.length };
    const line = batch[batch.length - 1]!.line;
    // A batch that learnt nothing (every ticket already imported or unusable) writes nothing: no
    // changeset, no checkpoint, so importing the same archive twice leaves the graph as it was.
    if (nodes.length > 0 || links.length > 0) {
      const result = await store.applyWithChangeset({ nodes, links }, cs, {
        source: opts.source,
        line,
        watermark,
        updatedAt: this.clock().toISOString(),
      });
      await answers.onWrite(result.touched);
      s.changesets.push(cs.id);
    }
    s.imported += counts.imported;
    s.merged += counts.merged;
    s.line = line;
    s.watermark = watermark;
    opts.onProgress?.({
      read: s.read,
      imported: s.imported,
      merged: s.merged,
      skipped: s.skipped,
      quarantined: s.quarantined,
      line,
    });
  }

  /** Component concept → component instance (the first, by id), for AFFECTS links. */
  private async componentMap(): Promise<Map<string, string>> {
    if (this.components) return this.components;
    const ids = [...this.deps.answers.concepts.byId.values()]
      .filter((c) => c.type === 'Component')
      .map((c) => c.id);
    const links = await this.deps.store.neighbours('Concept', ids, 'INSTANCE_OF', 'in');
    this.components = new Map();
    for (const l of links)
      if (l.other.type === 'Component' && !this.components.has(l.id))
        this.components.set(l.id, l.other.id);
    return this.components;
  }
}

/**
 * Undoes a changeset exactly: deletes the nodes it created, removes the links it made, and puts
 * back the properties it changed. Refused when a later applied changeset touched the same nodes
 * (revert that one first).
 */
export async function revertChangeset(
  store: GraphStore,
  answers: AnswerService,
  id: string,
): Promise<ChangesetRecord> {
  const cs = await store.changeset(id);
  if (!cs) throw new NotFoundError(`no changeset '${preview(id)}'`);
  if (cs.state === 'reverted')
    throw new ConflictError(`changeset '${preview(id)}' is already reverted`);
  const later = (await store.changesets(1000)).filter(
    (c) => c.state === 'applied' && c.createdAt > cs.createdAt && c.id !== cs.id,
  );
  const mine = new Set(
    [...cs.created, ...cs.changed.map((c) => c.ref)].map((r) => `${r.type}:${r.id}`),
  );
  for (const l of later) {
    const theirs = [...l.linked.flatMap((x) => [x.from, x.to]), ...l.changed.map((c) => c.ref)];
    const clash = theirs.find((r) => mine.has(`${r.type}:${r.id}`));
    if (clash) {
      throw new ConflictError(
        `changeset '${l.id}' (later) also changed ${clash.type} ${clash.id}: revert it first`,
        { later: l.id },
      );
    }
  }
  const created = new Set(cs.created.map((r) => `${r.type}:${r.id}`));
  const result = await store.apply({
    // Links to nodes being deleted go with them; only links between surviving nodes are removed.
    unlinks: cs.linked.filter(
      (l) => !created.has(`${l.from.type}:${l.from.id}`) && !created.has(`${l.to.type}:${l.to.id}`),
    ),
    nodes: cs.changed.map((c) => ({ ...c.ref, props: c.before })),
    deletes: cs.created.filter((r) => r.type !== 'Concept'),
  });
  await store.setChangesetState(id, 'reverted');
  await answers.onWrite(result.touched);
  return { ...cs, state: 'reverted' };
}
