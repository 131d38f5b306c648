import * as Y from 'yjs';
import { peopleMap, toRecordMap } from './boardDoc.ts';
import { BoardCommandError, BoardErrorCode } from './errors.ts';
import { newId } from './ids.ts';
import { DEFAULT_ORIGIN, type BoardOrigin } from './origin.ts';
import { LIMITS, personSchema, type Person } from './schema.ts';
import { parseInput } from './parseInput.ts';

export function readPeople(doc: Y.Doc): Person[] {
  const people: Person[] = [];
  for (const map of peopleMap(doc).values()) if (map instanceof Y.Map) people.push(map.toJSON() as Person);
  return people.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : a.id < b.id ? -1 : 1));
}

/** Adds a person (an owner of items) with their capacity for the planning period. */
export function addPerson(doc: Y.Doc, input: { name: string; capacity?: number | null; id?: string }, origin: BoardOrigin = DEFAULT_ORIGIN): string {
  if (peopleMap(doc).size >= LIMITS.people) throw new BoardCommandError(BoardErrorCode.InvalidInput, `A board can list at most ${LIMITS.people} people.`);
  const name = input.name.trim();
  if (readPeople(doc).some((person) => person.name.toLowerCase() === name.toLowerCase())) {
    throw new BoardCommandError(BoardErrorCode.Conflict, `${name} is already on this board.`);
  }
  const person = parseInput(personSchema, { id: input.id ?? newId(), name, capacity: input.capacity ?? null }, 'person');
  doc.transact(() => peopleMap(doc).set(person.id, toRecordMap(person)), origin);
  return person.id;
}

export function updatePerson(doc: Y.Doc, personId: string, patch: { name?: string; capacity?: number | null }, origin: BoardOrigin = DEFAULT_ORIGIN): void {
  const map = peopleMap(doc).get(personId);
  if (!(map instanceof Y.Map)) throw new BoardCommandError(BoardErrorCode.NotFound, `Person "${personId}" is not on this board.`);
  const valid = parseInput(personSchema.pick({ name: true, capacity: true }).partial().strict(), patch.name === undefined ? patch : { ...patch, name: patch.name.trim() }, 'person');
  doc.transact(() => {
    for (const [key, value] of Object.entries(valid)) map.set(key, value);
  }, origin);
}

export function removePerson(doc: Y.Doc, personId: string, origin: BoardOrigin = DEFAULT_ORIGIN): void {
  if (!peopleMap(doc).has(personId)) throw new BoardCommandError(BoardErrorCode.NotFound, `Person "${personId}" is not on this board.`);
  doc.transact(() => peopleMap(doc).delete(personId), origin);
}
