import * as Y from 'yjs';
import { commentsMap, peopleMap, pokerMap, readPeople, type Comment, type Person, type PokerRound } from '@lanewise/shared';
import type { CollabState, CollabStore } from './collabState.ts';

interface Dirty {
  people: boolean;
  comments: Set<string> | 'all';
  rounds: Set<string> | 'all';
}

function keysOf(events: Array<Y.YEvent<Y.AbstractType<unknown>>>, into: Set<string>): void {
  for (const event of events) {
    if (event.path.length === 0) for (const key of event.changes.keys.keys()) into.add(key);
    else if (typeof event.path[0] === 'string') into.add(event.path[0]);
  }
}

const samePerson = (a: Person, b: Person) => a.id === b.id && a.name === b.name && a.capacity === b.capacity;
const sameComment = (a: Comment, b: Comment) =>
  a.id === b.id && a.itemId === b.itemId && a.parentId === b.parentId && a.author === b.author && a.text === b.text && a.createdAt === b.createdAt && a.editedAt === b.editedAt && a.deleted === b.deleted;

function sameRound(a: PokerRound, b: PokerRound): boolean {
  if (a.id !== b.id || a.status !== b.status || a.accepted !== b.accepted || a.facilitator !== b.facilitator || a.scale !== b.scale) return false;
  if (a.cards.join('\u0000') !== b.cards.join('\u0000')) return false;
  const keys = Object.keys(a.votes);
  return keys.length === Object.keys(b.votes).length && keys.every((key) => a.votes[key] === b.votes[key]);
}

/** Thread order as readComments: roots by time, each followed by its replies by time. */
export function orderThread(all: readonly Comment[]): Comment[] {
  const byTime = (a: Comment, b: Comment) => a.createdAt - b.createdAt || (a.id < b.id ? -1 : 1);
  const ids = new Set(all.map((comment) => comment.id));
  const roots = all.filter((comment) => comment.parentId === null || !ids.has(comment.parentId)).sort(byTime);
  return roots.flatMap((root) => [root, ...all.filter((reply) => reply.parentId === root.id).sort(byTime)]);
}

/**
 * Observes the people, comments and poker maps and publishes CollabState once per transaction.
 * Only dirty comments are re-read and only the threads they belong to are rebuilt.
 */
export function connectCollabAdapter(doc: Y.Doc, store: CollabStore): () => void {
  const commentById = new Map<string, Comment>();
  let pending: Dirty | null = null;
  const dirty = (): Dirty => (pending ??= { people: false, comments: new Set(), rounds: new Set() });

  const onPeople = () => {
    dirty().people = true;
  };
  const onComments = (events: Array<Y.YEvent<Y.AbstractType<unknown>>>) => {
    const set = dirty().comments;
    if (set !== 'all') keysOf(events, set);
  };
  const onPoker = (events: Array<Y.YEvent<Y.AbstractType<unknown>>>) => {
    const set = dirty().rounds;
    if (set !== 'all') keysOf(events, set);
  };

  const project = (prev: CollabState, changes: Dirty): CollabState => {
    let people = prev.people;
    if (changes.people) {
      const read = readPeople(doc);
      const kept = read.map((person) => prev.people.find((old) => old.id === person.id && samePerson(old, person)) ?? person);
      if (kept.length !== prev.people.length || kept.some((person, i) => person !== prev.people[i])) people = kept;
    }

    let comments = prev.comments;
    let commentCounts = prev.commentCounts;
    const commentIds = changes.comments === 'all' ? new Set([...commentsMap(doc).keys(), ...commentById.keys()]) : changes.comments;
    if (commentIds.size > 0) {
      const touchedItems = new Set<string>();
      for (const id of commentIds) {
        const before = commentById.get(id);
        const map = commentsMap(doc).get(id);
        const read = map instanceof Y.Map ? (map.toJSON() as Comment) : undefined;
        if (before) touchedItems.add(before.itemId);
        if (read) {
          touchedItems.add(read.itemId);
          commentById.set(id, before && sameComment(before, read) ? before : read);
        } else commentById.delete(id);
      }
      const nextComments = { ...prev.comments };
      const nextCounts = { ...prev.commentCounts };
      let changed = false;
      for (const itemId of touchedItems) {
        const thread = orderThread([...commentById.values()].filter((comment) => comment.itemId === itemId));
        const old = prev.comments[itemId];
        const same = old !== undefined && old.length === thread.length && thread.every((comment, i) => comment === old[i]);
        if (same) continue;
        changed = true;
        const count = thread.filter((comment) => !comment.deleted).length;
        if (thread.length === 0) Reflect.deleteProperty(nextComments, itemId);
        else nextComments[itemId] = thread;
        if (count === 0) Reflect.deleteProperty(nextCounts, itemId);
        else nextCounts[itemId] = count;
      }
      if (changed) {
        comments = nextComments;
        const countKeys = Object.keys(nextCounts);
        const countsSame = countKeys.length === Object.keys(prev.commentCounts).length && countKeys.every((key) => nextCounts[key] === prev.commentCounts[key]);
        if (!countsSame) commentCounts = nextCounts;
      }
    }

    let rounds = prev.rounds;
    const roundIds = changes.rounds === 'all' ? new Set([...pokerMap(doc).keys(), ...Object.keys(prev.rounds)]) : changes.rounds;
    if (roundIds.size > 0) {
      const next = { ...prev.rounds };
      let changed = false;
      for (const itemId of roundIds) {
        const map = pokerMap(doc).get(itemId);
        const read = map instanceof Y.Map ? (map.toJSON() as PokerRound) : undefined;
        const old = prev.rounds[itemId];
        if (!read) {
          if (old) {
            Reflect.deleteProperty(next, itemId);
            changed = true;
          }
        } else if (!old || !sameRound(old, read)) {
          next[itemId] = { ...read, votes: read.votes ?? {} };
          changed = true;
        }
      }
      if (changed) rounds = next;
    }

    if (people === prev.people && comments === prev.comments && commentCounts === prev.commentCounts && rounds === prev.rounds) return prev;
    return { people, comments, commentCounts, rounds };
  };

  const onAfterTransaction = () => {
    if (pending === null) return;
    const changes = pending;
    pending = null;
    const prev = store.getState();
    const next = project(prev, changes);
    if (next !== prev) store.setState(next, true);
  };

  const people = peopleMap(doc);
  const comments = commentsMap(doc);
  const poker = pokerMap(doc);
  people.observeDeep(onPeople);
  comments.observeDeep(onComments);
  poker.observeDeep(onPoker);
  doc.on('afterTransaction', onAfterTransaction);
  store.setState(project(store.getState(), { people: true, comments: 'all', rounds: 'all' }), true);

  return () => {
    people.unobserveDeep(onPeople);
    comments.unobserveDeep(onComments);
    poker.unobserveDeep(onPoker);
    doc.off('afterTransaction', onAfterTransaction);
  };
}
