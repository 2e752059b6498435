/**
 * The sorted points of a hash ring (hash-ring.ts): a B+-tree of distinct 32-bit points, each
 * with its owner. Inserting or deleting a point touches one leaf (at most {@link LEAF_MAX}
 * entries) and, when the leaf splits or empties, one node per level above it: O(log N)
 * entries per point, where re-sorting the whole ring would touch all of them.
 *
 * Branches keep the largest point of each child, so the search for the first point at or
 * after a hash goes straight down. Points shared by several members (a 32-bit collision)
 * are owned by the smallest member id; the others wait in a side table and take over when
 * it leaves. Underfull nodes are not merged (only empty ones are dropped): the height still
 * grows with the logarithm of the largest ring seen.
 */

/** Entries per leaf before it splits. */
const LEAF_MAX = 64;
/** Children per branch before it splits. */
const BRANCH_MAX = 32;
/** Entries per leaf when a ring is loaded in bulk (room left for inserts). */
const LEAF_FILL = 48;
/** Member ranks fit below this in a bulk load's sort keys (point × RANKS + rank < 2^53). */
const RANKS = 2 ** 21;

interface Leaf<M> {
  readonly leaf: true;
  readonly keys: number[];
  readonly owners: M[];
}

interface Branch<M> {
  readonly leaf: false;
  /** The largest point under each child. */
  readonly maxes: number[];
  readonly kids: Array<RingNode<M>>;
}

type RingNode<M> = Leaf<M> | Branch<M>;

/** The points of a ring and their owners. */
export interface RingTree<M> {
  /** Number of distinct points. */
  readonly size: number;
  /** Entries written or moved so far (see `HashRing.touched`). */
  readonly touched: number;
  /** The owner of the first point at or after `h`, wrapping to the first point; undefined when empty. */
  successor(h: number): M | undefined;
  /** Adds `point` owned by `owner` (a second owner of a point owns it if its id is smaller). */
  insert(point: number, owner: M): void;
  /** Removes `owner`'s claim on `point`. */
  delete(point: number, owner: M): void;
}

/** First index of the ascending `values` holding a value ≥ `x` (values.length when none). */
function lowerBound(values: readonly number[], x: number): number {
  let lo = 0;
  let hi = values.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((values[mid] as number) < x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * An empty array of points that holds unboxed doubles from the start: points above 2^30
 * would move an array of small integers to doubles anyway, and arrays of two kinds would
 * make every access here polymorphic.
 */
function pointArray(): number[] {
  const values = [0.5];
  values.pop();
  return values;
}

// One pair of helpers per kind of array (points; owners and children), so each stays
// monomorphic. Loops, not `splice`, which allocates its result.

/** Inserts `value` at `i` of an array of points. */
function insertPoint(values: number[], i: number, value: number): void {
  for (let j = values.length; j > i; j--) values[j] = values[j - 1] as number;
  values[i] = value;
}

/** Removes the value at `i` of an array of points. */
function removePoint(values: number[], i: number): void {
  const last = values.length - 1;
  for (let j = i; j < last; j++) values[j] = values[j + 1] as number;
  values.length = last;
}

/** Inserts `value` at `i` of an array of owners or children. */
function insertItem<T extends object | string>(values: T[], i: number, value: T): void {
  for (let j = values.length; j > i; j--) values[j] = values[j - 1] as T;
  values[i] = value;
}

/** Removes the value at `i` of an array of owners or children. */
function removeItem<T extends object | string>(values: T[], i: number): void {
  const last = values.length - 1;
  for (let j = i; j < last; j++) values[j] = values[j + 1] as T;
  values.length = last;
}

function maxOf<M>(node: RingNode<M>): number {
  return node.leaf ? (node.keys[node.keys.length - 1] as number) : (node.maxes[node.maxes.length - 1] as number);
}

function emptyLeaf<M>(): Leaf<M> {
  return { leaf: true, keys: pointArray(), owners: [] };
}

/**
 * The entries of `members` (each with its points, `pointsOf`) sorted by point, then member
 * id, through one numeric sort of point × 2^21 + the member's rank by id.
 */
function sortEntries<M>(
  members: readonly M[],
  pointsOf: (m: M) => readonly number[],
  idOf: (m: M) => string,
): { points: number[]; owners: M[] } {
  const ids = members.map(idOf);
  const ranked = members
    .map((_m, i) => i)
    .sort((a, b) => ((ids[a] as string) < (ids[b] as string) ? -1 : (ids[a] as string) > (ids[b] as string) ? 1 : 0));
  const lists = ranked.map((i) => pointsOf(members[i] as M));
  let total = 0;
  for (const list of lists) total += list.length;
  const order = new Float64Array(total);
  let k = 0;
  for (let rank = 0; rank < lists.length; rank++) for (const point of lists[rank] as readonly number[]) order[k++] = point * RANKS + rank;
  order.sort();
  const points = new Array<number>(total);
  const owners = new Array<M>(total);
  for (let j = 0; j < total; j++) {
    const c = order[j] as number;
    const point = Math.floor(c / RANKS);
    points[j] = point;
    owners[j] = members[ranked[c - point * RANKS] as number] as M;
  }
  return { points, owners };
}

/** What a ring tree is loaded with: its members (at most 2^21) and each one's points. */
export interface RingLoad<M> {
  readonly members: readonly M[];
  readonly pointsOf: (member: M) => readonly number[];
}

/**
 * A tree holding the points of `load` (or an empty one). Member ids (`idOf`) order the
 * owners of a shared point.
 */
export function createRingTree<M>(idOf: (member: M) => string, load?: RingLoad<M>): RingTree<M> {
  const ties = new Map<number, M[]>();
  let root: RingNode<M> = emptyLeaf();
  let size = 0;
  let touched = 0;
  // The path of the last descent: the branch at each depth and the child taken.
  const pathNodes: Array<Branch<M>> = [];
  const pathIndex: number[] = [];

  const bulkLoad = (members: readonly M[], pointsOf: (m: M) => readonly number[]): void => {
    if (members.length >= RANKS) throw new RangeError(`a hash ring of more than ${RANKS - 1} members`);
    const sorted = sortEntries(members, pointsOf, idOf);
    let level: Array<RingNode<M>> = [];
    let leaf = emptyLeaf<M>();
    for (let k = 0; k < sorted.points.length; k++) {
      const point = sorted.points[k] as number;
      const owner = sorted.owners[k] as M;
      const last = leaf.keys.length - 1;
      if (last >= 0 && leaf.keys[last] === point) {
        // Sorted by id: the first owner of a point keeps it.
        const list = ties.get(point) ?? [leaf.owners[last] as M];
        list.push(owner);
        ties.set(point, list);
        continue;
      }
      if (leaf.keys.length === LEAF_FILL) {
        level.push(leaf);
        leaf = emptyLeaf();
      }
      leaf.keys.push(point);
      leaf.owners.push(owner);
      size++;
    }
    touched += sorted.points.length;
    if (leaf.keys.length > 0 || level.length === 0) level.push(leaf);
    while (level.length > 1) {
      const up: Array<RingNode<M>> = [];
      for (let k = 0; k < level.length; k += BRANCH_MAX - 4) {
        const kids = level.slice(k, k + BRANCH_MAX - 4);
        const maxes = pointArray();
        for (const kid of kids) maxes.push(maxOf(kid));
        up.push({ leaf: false, kids, maxes });
      }
      touched += level.length;
      level = up;
    }
    root = level[0] as RingNode<M>;
  };

  /** The owner of the smallest point. */
  const first = (): M | undefined => {
    let node = root;
    while (!node.leaf) node = node.kids[0] as RingNode<M>;
    return node.owners[0];
  };

  /**
   * Walks down to the leaf whose range holds `point`, recording the path. For an insert, a
   * point above every point goes to the last leaf (the maxima on the way become `point`);
   * otherwise such a point has no leaf (undefined).
   */
  const descend = (point: number, inserting: boolean): { leaf: Leaf<M>; depth: number } | undefined => {
    let node = root;
    let depth = 0;
    while (!node.leaf) {
      const maxes = node.maxes;
      let i = lowerBound(maxes, point);
      if (i === maxes.length) {
        if (!inserting) return undefined;
        i = maxes.length - 1;
        maxes[i] = point;
        touched++;
      }
      pathNodes[depth] = node;
      pathIndex[depth] = i;
      depth++;
      node = node.kids[i] as RingNode<M>;
    }
    return { leaf: node, depth };
  };

  /** The node at `depth` on the path now has maximum `max`: updates the branches above. */
  const fixMax = (depth: number, max: number): void => {
    for (let level = depth - 1; level >= 0; level--) {
      const parent = pathNodes[level] as Branch<M>;
      const i = pathIndex[level] as number;
      parent.maxes[i] = max;
      touched++;
      if (i !== parent.maxes.length - 1) return;
    }
  };

  /** Puts `right`, split off `left` (the node at `depth`), beside it in its parent. */
  const addSibling = (depth: number, left: RingNode<M>, right: RingNode<M>): void => {
    if (depth === 0) {
      const maxes = pointArray();
      maxes.push(maxOf(left), maxOf(right));
      root = { leaf: false, maxes, kids: [left, right] };
      touched += 2;
      return;
    }
    const parent = pathNodes[depth - 1] as Branch<M>;
    const i = pathIndex[depth - 1] as number;
    parent.maxes[i] = maxOf(left);
    insertPoint(parent.maxes, i + 1, maxOf(right));
    insertItem(parent.kids, i + 1, right);
    touched += parent.kids.length - i;
    if (parent.kids.length > BRANCH_MAX) {
      const half = parent.kids.length >> 1;
      const next: Branch<M> = { leaf: false, maxes: parent.maxes.splice(half), kids: parent.kids.splice(half) };
      touched += next.kids.length;
      addSibling(depth - 1, parent, next);
    }
  };

  /** Drops the (empty) node at `depth` from its parent, and parents left empty in turn. */
  const dropEmpty = (depth: number): void => {
    for (let level = depth - 1; level >= 0; level--) {
      const parent = pathNodes[level] as Branch<M>;
      const i = pathIndex[level] as number;
      removeItem(parent.kids, i);
      removePoint(parent.maxes, i);
      touched += parent.kids.length - i + 1;
      if (parent.kids.length > 0) {
        if (i === parent.kids.length) fixMax(level, parent.maxes[i - 1] as number);
        while (!root.leaf && root.kids.length === 1) root = root.kids[0] as RingNode<M>;
        return;
      }
    }
    root = emptyLeaf();
  };

  if (load !== undefined && load.members.length > 0) bulkLoad(load.members, load.pointsOf);

  return {
    get size() {
      return size;
    },
    get touched() {
      return touched;
    },
    successor(h) {
      let node = root;
      while (!node.leaf) {
        const i = lowerBound(node.maxes, h);
        if (i === node.maxes.length) return first();
        node = node.kids[i] as RingNode<M>;
      }
      const i = lowerBound(node.keys, h);
      return i === node.keys.length ? first() : node.owners[i];
    },
    insert(point, owner) {
      const found = descend(point, true) as { leaf: Leaf<M>; depth: number };
      const { leaf, depth } = found;
      const keys = leaf.keys;
      const i = lowerBound(keys, point);
      if (i < keys.length && keys[i] === point) {
        const list = ties.get(point) ?? [leaf.owners[i] as M];
        if (list.includes(owner)) return;
        const id = idOf(owner);
        const at = list.findIndex((m) => idOf(m) > id);
        list.splice(at < 0 ? list.length : at, 0, owner);
        ties.set(point, list);
        leaf.owners[i] = list[0] as M;
        touched++;
        return;
      }
      insertPoint(keys, i, point);
      insertItem(leaf.owners as Array<M & (object | string)>, i, owner as M & (object | string));
      touched += keys.length - i;
      size++;
      if (keys.length > LEAF_MAX) {
        const half = keys.length >> 1;
        const right: Leaf<M> = { leaf: true, keys: keys.splice(half), owners: leaf.owners.splice(half) };
        touched += right.keys.length;
        addSibling(depth, leaf, right);
      }
    },
    delete(point, owner) {
      const found = descend(point, false);
      if (found === undefined) return;
      const { leaf, depth } = found;
      const keys = leaf.keys;
      const i = lowerBound(keys, point);
      if (keys[i] !== point) return;
      const list = ties.get(point);
      if (list !== undefined) {
        const at = list.indexOf(owner);
        if (at < 0) return;
        list.splice(at, 1);
        if (list.length === 1) ties.delete(point);
        leaf.owners[i] = list[0] as M;
        touched++;
        return;
      }
      if (leaf.owners[i] !== owner) return;
      removePoint(keys, i);
      removeItem(leaf.owners as Array<M & (object | string)>, i);
      touched += keys.length - i + 1;
      size--;
      if (keys.length === 0) dropEmpty(depth);
      else if (i === keys.length) fixMax(depth, keys[i - 1] as number);
    },
  };
}
