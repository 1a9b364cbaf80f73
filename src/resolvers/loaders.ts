import DataLoader from 'dataloader';
import type { GraphStore, NodeRecord, NodeRef } from '../graph/store.js';

/**
 * Per-request batching: every node lookup and every link lookup of one kind made while resolving
 * one request becomes one store call (DataLoader), so a query for 20 faults with their causes and
 * solutions costs a bounded number of store calls, not one per fault.
 */
export class Loaders {
  private readonly nodes = new Map<string, DataLoader<string, NodeRecord | null>>();
  private readonly links = new Map<string, DataLoader<string, NodeRef[]>>();

  constructor(private readonly store: GraphStore) {}

  node(type: string, id: string): Promise<NodeRecord | null> {
    let l = this.nodes.get(type);
    if (!l) {
      l = new DataLoader(async (ids) => {
        const found = new Map((await this.store.getNodes(type, ids)).map((n) => [n.id, n]));
        return ids.map((id) => found.get(id) ?? null);
      });
      this.nodes.set(type, l);
    }
    return l.load(id);
  }

  async nodesOf(refs: readonly NodeRef[]): Promise<NodeRecord[]> {
    const got = await Promise.all(refs.map((r) => this.node(r.type, r.id)));
    return got.filter((n): n is NodeRecord => n !== null);
  }

  /** Neighbours of a node over one relation, in one direction. */
  linked(type: string, id: string, relation: string, direction: 'out' | 'in'): Promise<NodeRef[]> {
    const key = `${type}|${relation}|${direction}`;
    let l = this.links.get(key);
    if (!l) {
      l = new DataLoader(async (ids) => {
        const rows = await this.store.neighbours(type, ids, relation, direction);
        const by = new Map<string, NodeRef[]>();
        for (const r of rows) by.set(r.id, [...(by.get(r.id) ?? []), r.other]);
        return ids.map((i) => by.get(i) ?? []);
      });
      this.links.set(key, l);
    }
    return l.load(id);
  }

  /** Linked nodes, loaded (batched) and filtered to one type. */
  async linkedNodes(
    type: string,
    id: string,
    relation: string,
    direction: 'out' | 'in',
    otherType?: string,
  ): Promise<NodeRecord[]> {
    const refs = await this.linked(type, id, relation, direction);
    return this.nodesOf(otherType ? refs.filter((r) => r.type === otherType) : refs);
  }
}

const perRequest = new WeakMap<object, Loaders>();

/** The loaders of one request, created on first use and dropped with the request's context. */
export function loadersFor(context: object, store: GraphStore): Loaders {
  let l = perRequest.get(context);
  if (!l) {
    l = new Loaders(store);
    perRequest.set(context, l);
  }
  return l;
}

/**
 * True when resolving this request read the store through its loaders (a nested field such as
 * `fault { cases }`), i.e. the result holds more than the answers themselves carry.
 */
export function readTheStore(context: object): boolean {
  return perRequest.has(context);
}
