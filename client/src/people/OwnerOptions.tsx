import { useCollab } from '../board/collabContext.ts';
import { usePresence } from '../board/sessionContext.tsx';

/** Suggestions for an owner field: people on the board, then people present. Free text stays allowed. */
export function OwnerOptions({ id }: { readonly id: string }) {
  const people = useCollab((state) => state.people);
  const users = usePresence((state) => state.users);
  const names = [...new Set([...people.map((person) => person.name), ...users.map((user) => user.name)])];
  return (
    <datalist id={id}>
      {names.map((name) => (
        <option key={name} value={name} />
      ))}
    </datalist>
  );
}
