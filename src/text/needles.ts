/**
 * Which of a fixed set of strings occur in a text, in one pass over the text (Aho–Corasick):
 * for a lexicon of hundreds of patterns, one walk of the text instead of one `includes` scan
 * per pattern. Matching is by UTF-16 code unit, exactly like `String.prototype.includes`.
 */
export class NeedleSet {
  /** Per state: code unit → next state (the trie's edges). */
  private readonly edges: Map<number, number>[] = [new Map<number, number>()];
  /** Per state: the state of its longest proper suffix that is also a trie prefix. */
  private fail: Int32Array = new Int32Array(0);
  /** Per state: needles ending here, directly or through fail links. */
  private outputs: number[][] = [[]];
  private readonly seen: Uint8Array;

  constructor(readonly needles: readonly string[]) {
    needles.forEach((needle, id) => {
      if (needle === '') throw new Error('NeedleSet: empty needle');
      let state = 0;
      for (let i = 0; i < needle.length; i++) {
        const c = needle.charCodeAt(i);
        let next = this.edges[state]!.get(c);
        if (next === undefined) {
          next = this.edges.length;
          this.edges.push(new Map<number, number>());
          this.outputs.push([]);
          this.edges[state]!.set(c, next);
        }
        state = next;
      }
      this.outputs[state]!.push(id);
    });
    this.fail = new Int32Array(this.edges.length);
    // Breadth-first, so a state's fail target is complete before its children need it.
    const queue: number[] = [];
    for (const next of this.edges[0]!.values()) queue.push(next);
    for (let head = 0; head < queue.length; head++) {
      const state = queue[head]!;
      for (const [c, next] of this.edges[state]!) {
        queue.push(next);
        let f = this.fail[state]!;
        while (f > 0 && !this.edges[f]!.has(c)) f = this.fail[f]!;
        const target = this.edges[f]!.get(c);
        this.fail[next] = target !== undefined && target !== next ? target : 0;
        this.outputs[next] = [...this.outputs[next]!, ...this.outputs[this.fail[next]]!];
      }
    }
    this.seen = new Uint8Array(needles.length);
  }

  /**
   * Marks in `out` (indexed like `needles`, cleared first) every needle that occurs in `text`.
   * Returns `out`.
   */
  find(text: string, out: Uint8Array = this.seen): Uint8Array {
    out.fill(0);
    let state = 0;
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      let next = this.edges[state]!.get(c);
      while (next === undefined && state > 0) {
        state = this.fail[state]!;
        next = this.edges[state]!.get(c);
      }
      state = next ?? 0;
      for (const id of this.outputs[state]!) out[id] = 1;
    }
    return out;
  }
}
