import { initials } from '../app/identity.ts';
import { usePresence } from '../board/sessionContext.tsx';

const SHOWN = 6;

/** Who is on the board: initials on each user's colour, this user first. */
export function PresenceAvatars() {
  const users = usePresence((state) => state.users);
  // Everyone stays in the DOM (tests count them); beyond SHOWN they collapse into "+N".
  const hidden = Math.max(0, users.length - SHOWN);
  return (
    <ul className="presence" aria-label={`${users.length} ${users.length === 1 ? 'person' : 'people'} on this board`}>
      {users.map((user, index) => (
        <li
          key={user.clientId}
          className={index < SHOWN ? 'avatar' : 'avatar collapsed'}
          data-testid="presence-avatar"
          data-name={user.name}
          style={{ background: user.color }}
          title={user.isSelf ? `${user.name} (you)` : user.name}
        >
          <span aria-hidden="true">{initials(user.name)}</span>
          <span className="visually-hidden">{user.isSelf ? `${user.name} (you)` : user.name}</span>
        </li>
      ))}
      {hidden > 0 && (
        <li className="avatar more" aria-hidden="true" title={users.slice(SHOWN).map((user) => user.name).join(', ')}>
          +{hidden}
        </li>
      )}
    </ul>
  );
}
