/**
 * Aho-Corasick multi-pattern search over UTF-16 code units: one pass over the text finds every
 * occurrence of every pattern, so the cost of a scan grows with the text and the number of hits, not
 * with the number of patterns.
 *
 * Transitions of ASCII units live in a dense table (the common case after folding), the others in one
 * Map keyed by state and unit. Failure links are precomputed; `output` links chain the patterns that
 * end at a state through its suffixes.
 */
export class AhoCorasick {
  private readonly ascii: Int32Array;
  private readonly other = new Map<number, number>();
  private readonly fail: Int32Array;
  /** The pattern ending exactly at a state (-1: none). */
  private readonly terminal: Int32Array;
  /** The nearest proper suffix state that ends a pattern (-1: none). */
  private readonly outputLink: Int32Array;
  readonly patterns: readonly string[];
  readonly stateCount: number;

  constructor(patterns: readonly string[]) {
    this.patterns = patterns;
    // Build the trie.
    let maxStates = 1;
    for (const p of patterns) maxStates += p.length;
    const ascii = new Int32Array(maxStates * 128).fill(-1);
    const terminal = new Int32Array(maxStates).fill(-1);
    let states = 1;
    patterns.forEach((pattern, index) => {
      if (pattern.length === 0) throw new Error('AhoCorasick: empty pattern');
      let state = 0;
      for (let i = 0; i < pattern.length; i++) {
        const cu = pattern.charCodeAt(i);
        let next = this.step(ascii, state, cu);
        if (next < 0) {
          next = states++;
          if (cu < 128) ascii[state * 128 + cu] = next;
          else this.other.set(state * 65536 + cu, next);
        }
        state = next;
      }
      if (terminal[state] < 0) terminal[state] = index;
    });
    this.stateCount = states;
    this.ascii = ascii.subarray(0, states * 128);
    this.terminal = terminal.subarray(0, states);

    // Breadth-first: failure and output links.
    const fail = new Int32Array(states);
    const outputLink = new Int32Array(states).fill(-1);
    const children: [number, number][][] = Array.from({ length: states }, () => []);
    for (let s = 0; s < states; s++) {
      for (let c = 0; c < 128; c++) {
        const t = ascii[s * 128 + c];
        if (t >= 0) children[s].push([c, t]);
      }
    }
    for (const [key, t] of this.other) children[Math.floor(key / 65536)].push([key % 65536, t]);
    const queue: number[] = [];
    for (const [, t] of children[0]) {
      fail[t] = 0;
      queue.push(t);
    }
    for (let q = 0; q < queue.length; q++) {
      const s = queue[q];
      for (const [c, t] of children[s]) {
        let f = fail[s];
        let next = this.step(ascii, f, c);
        while (next < 0 && f !== 0) {
          f = fail[f];
          next = this.step(ascii, f, c);
        }
        fail[t] = next >= 0 && next !== t ? next : 0;
        outputLink[t] = terminal[fail[t]] >= 0 ? fail[t] : outputLink[fail[t]];
        queue.push(t);
      }
    }
    this.fail = fail;
    this.outputLink = outputLink;
  }

  private step(ascii: Int32Array, state: number, cu: number): number {
    if (cu < 128) return ascii[state * 128 + cu];
    return this.other.get(state * 65536 + cu) ?? -1;
  }

  /** Calls `onHit(patternIndex, start, end)` for every occurrence ([start, end) in code units). */
  search(text: string, onHit: (pattern: number, start: number, end: number) => void): void {
    const { ascii, other, fail, terminal, outputLink, patterns } = this;
    let state = 0;
    for (let i = 0; i < text.length; i++) {
      const cu = text.charCodeAt(i);
      for (;;) {
        const next = cu < 128 ? ascii[state * 128 + cu] : (other.get(state * 65536 + cu) ?? -1);
        if (next >= 0) {
          state = next;
          break;
        }
        if (state === 0) break;
        state = fail[state];
      }
      let out = terminal[state] >= 0 ? state : outputLink[state];
      while (out >= 0) {
        const p = terminal[out];
        onHit(p, i + 1 - patterns[p].length, i + 1);
        out = outputLink[out];
      }
    }
  }
}
