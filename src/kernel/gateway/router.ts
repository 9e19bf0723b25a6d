/**
 * The gateway's router: method + path → route and path parameters, compiled once per catalogue into a segment trie
 * (static segments in a Map, one parameter child, one trailing wildcard per node). A match walks the path's segments
 * once, preferring a static segment over a parameter over a wildcard, and backs up only when a preferred branch
 * leads nowhere — no regular expression is run per request. Pure: no I/O.
 *
 * Pattern syntax: `/literal/{param}/…/{rest*}` — `{name}` captures one non-empty segment, `{name*}` (last segment
 * only) captures the rest of the path (one or more segments). Segments are compared as they arrive (not decoded);
 * the gateway refuses ambiguous encodings (`%2F`, `%2E`, `\`) and dot segments before it asks the router.
 */

export interface RouteMatch<R> {
  route: R;
  /** Parameter values by name, as they appear in the path (not percent-decoded). */
  params: Record<string, string>;
}

interface Leaf<R> {
  route: R;
  /** Names of the captured values in path order (the last one is the wildcard when the route has one). */
  names: readonly string[];
}

interface Node<R> {
  statics: Map<string, Node<R>> | null;
  param: Node<R> | null;
  /** Handlers by method of a route ending in `{name*}` below this node. */
  wildcard: Map<string, Leaf<R>> | null;
  /** Handlers by method of routes ending at this node. */
  handlers: Map<string, Leaf<R>> | null;
}

const newNode = <R>(): Node<R> => ({ statics: null, param: null, wildcard: null, handlers: null });

export class RouteConflict extends Error {}

const PARAM = /^\{([a-zA-Z][A-Za-z0-9]*)(\*)?\}$/;

/** Splits a pattern into segments and checks it; throws RouteConflict on a malformed pattern. */
export function parsePattern(pattern: string): Array<{ kind: 'static' | 'param' | 'wildcard'; value: string }> {
  if (!pattern.startsWith('/') || pattern === '/') throw new RouteConflict(`"${pattern}": a pattern starts with "/" and has at least one segment`);
  const segs = pattern.slice(1).split('/');
  const names = new Set<string>();
  return segs.map((s, i) => {
    if (s === '') throw new RouteConflict(`"${pattern}": empty segment`);
    const m = PARAM.exec(s);
    if (!m) {
      if (s.includes('{') || s.includes('}')) throw new RouteConflict(`"${pattern}": "${s}" mixes a parameter with text`);
      return { kind: 'static' as const, value: s };
    }
    if (names.has(m[1])) throw new RouteConflict(`"${pattern}": parameter {${m[1]}} appears twice`);
    names.add(m[1]);
    if (m[2] && i !== segs.length - 1) throw new RouteConflict(`"${pattern}": {${m[1]}*} must be the last segment`);
    return { kind: m[2] ? ('wildcard' as const) : ('param' as const), value: m[1] };
  });
}

export class Router<R> {
  private readonly root: Node<R> = newNode();
  private count = 0;

  /** Adds a route; throws RouteConflict when the same method and shape is already taken. */
  add(method: string, pattern: string, route: R): this {
    const segs = parsePattern(pattern);
    let node = this.root;
    const names: string[] = [];
    for (const s of segs) {
      if (s.kind === 'static') {
        node.statics ??= new Map();
        let next = node.statics.get(s.value);
        if (!next) node.statics.set(s.value, (next = newNode()));
        node = next;
      } else if (s.kind === 'param') {
        names.push(s.value);
        node = node.param ??= newNode();
      } else {
        names.push(s.value);
        node.wildcard ??= new Map();
        if (node.wildcard.has(method)) throw new RouteConflict(`${method} ${pattern}: another route with this shape exists`);
        node.wildcard.set(method, { route, names });
        this.count++;
        return this;
      }
    }
    node.handlers ??= new Map();
    if (node.handlers.has(method)) throw new RouteConflict(`${method} ${pattern}: another route with this shape exists`);
    node.handlers.set(method, { route, names });
    this.count++;
    return this;
  }

  get size(): number {
    return this.count;
  }

  /**
   * The route for `method` and `path` (the path without its query string, starting with "/"), or undefined.
   * HEAD falls back to GET.
   */
  match(method: string, path: string): RouteMatch<R> | undefined {
    const segs = splitPath(path);
    if (segs === undefined) return undefined;
    const values: string[] = [];
    const leaf = this.walk(this.root, segs, 0, values, method) ?? (method === 'HEAD' ? this.walk(this.root, segs, 0, (values.length = 0, values), 'GET') : undefined);
    if (!leaf) return undefined;
    const params: Record<string, string> = {};
    for (let i = 0; i < leaf.names.length; i++) params[leaf.names[i]] = values[i];
    return { route: leaf.route, params };
  }

  /** The methods some route accepts on `path` (for a 405 answer after `match` found none for the method). */
  allowed(path: string): string[] {
    const segs = splitPath(path);
    if (segs === undefined) return [];
    const out = new Set<string>();
    this.collect(this.root, segs, 0, out);
    return [...out].sort();
  }

  private walk(node: Node<R>, segs: string[], i: number, values: string[], method: string): Leaf<R> | undefined {
    if (i === segs.length) return node.handlers?.get(method);
    const seg = segs[i];
    const next = node.statics?.get(seg);
    if (next) {
      const hit = this.walk(next, segs, i + 1, values, method);
      if (hit) return hit;
    }
    if (node.param) {
      values.push(seg);
      const hit = this.walk(node.param, segs, i + 1, values, method);
      if (hit) return hit;
      values.pop();
    }
    if (node.wildcard) {
      const w = node.wildcard.get(method);
      if (w) {
        values.push(segs.slice(i).join('/'));
        return w;
      }
    }
    return undefined;
  }

  private collect(node: Node<R>, segs: string[], i: number, out: Set<string>): void {
    if (node.wildcard && i < segs.length) for (const m of node.wildcard.keys()) out.add(m);
    if (i === segs.length) {
      if (node.handlers) for (const m of node.handlers.keys()) out.add(m);
      return;
    }
    const next = node.statics?.get(segs[i]);
    if (next) this.collect(next, segs, i + 1, out);
    if (node.param) this.collect(node.param, segs, i + 1, out);
  }
}

/** "/a/b/c" → ["a","b","c"]; undefined for a path with an empty segment ("//", trailing "/") or no leading "/". */
function splitPath(path: string): string[] | undefined {
  if (path.charCodeAt(0) !== 47 /* / */ || path.length === 1) return undefined;
  const segs = path.slice(1).split('/');
  for (let i = 0; i < segs.length; i++) if (segs[i] === '') return undefined;
  return segs;
}
