import { BOARD_ROLES, type BoardRole } from '@lanewise/shared';
import { useEffect, useState, type FormEvent } from 'react';
import {
  absoluteLink,
  fetchPersonalLinks,
  fetchRoleLinks,
  issuePersonalLink,
  revokePersonalLink,
  rotateRoleLink,
  type PersonalLink,
} from './shareApi.ts';
import { useModalDialog } from '../components/useModalDialog.ts';

const ROLE_TEXT: Record<BoardRole, { label: string; hint: string }> = {
  owner: { label: 'Owner', hint: 'Can change everything, manage links and restore snapshots.' },
  editor: { label: 'Editor', hint: 'Can move, add and edit initiatives. Names are self-declared.' },
  viewer: { label: 'Viewer', hint: 'Follows the board live; cannot change it.' },
};

function CopyField({ label, value }: { readonly label: string; readonly value: string }) {
  const [copied, setCopied] = useState(false);
  const id = `share-${label.toLowerCase().replace(/\W+/g, '-')}`;
  return (
    <div className="share-field">
      <label htmlFor={id}>{label}</label>
      <div className="share-field-row">
        <input id={id} readOnly value={value} onFocus={(event) => event.currentTarget.select()} />
        <button
          type="button"
          className="button subtle"
          onClick={() => {
            void navigator.clipboard?.writeText(value).then(() => setCopied(true), () => setCopied(false));
          }}
        >
          {copied ? 'Copied' : 'Copy'}
        </button>
      </div>
    </div>
  );
}

/** Owner-only: the role links (copy, rotate) and personal links (issue, revoke). */
export function ShareDialog({ boardId, onClose }: { readonly boardId: string; readonly onClose: () => void }) {
  const dialogRef = useModalDialog();
  const [links, setLinks] = useState<Record<BoardRole, string> | null>(null);
  const [personal, setPersonal] = useState<PersonalLink[]>([]);
  const [issued, setIssued] = useState<{ name: string; link: string } | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [name, setName] = useState('');
  const [role, setRole] = useState<BoardRole>('editor');

  useEffect(() => {
    let active = true;
    Promise.all([fetchRoleLinks(boardId), fetchPersonalLinks(boardId)]).then(
      ([roleLinks, people]) => {
        if (!active) return;
        setLinks(roleLinks);
        setPersonal(people);
      },
      (caught: unknown) => active && setError(caught instanceof Error ? caught.message : 'The links could not be loaded.'),
    );
    return () => {
      active = false;
    };
  }, [boardId]);

  const fail = (caught: unknown) => setError(caught instanceof Error ? caught.message : 'That did not work; try again.');

  async function rotate(target: BoardRole) {
    const warning = `Create a new ${ROLE_TEXT[target].label.toLowerCase()} link? Everyone using the current one loses access within seconds.`;
    if (!window.confirm(warning)) return;
    try {
      const link = await rotateRoleLink(boardId, target);
      setLinks((current) => (current ? { ...current, [target]: link } : current));
    } catch (caught) {
      fail(caught);
    }
  }

  async function issue(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const trimmed = name.trim();
    if (!trimmed) {
      setError('Enter the name of the person the link is for.');
      return;
    }
    try {
      const created = await issuePersonalLink(boardId, trimmed, role);
      setIssued({ name: created.name, link: created.link });
      setPersonal((current) => [created, ...current]);
      setName('');
      setError(null);
    } catch (caught) {
      fail(caught);
    }
  }

  async function revoke(link: PersonalLink) {
    if (!window.confirm(`Revoke ${link.name}'s link? They lose access within seconds.`)) return;
    try {
      await revokePersonalLink(boardId, link.id);
      setPersonal((current) => current.map((entry) => (entry.id === link.id ? { ...entry, revokedAt: Date.now() } : entry)));
    } catch (caught) {
      fail(caught);
    }
  }

  return (
    <dialog ref={dialogRef} className="dialog share-dialog" aria-labelledby="share-title" onCancel={onClose} data-testid="share-dialog">
      <div className="dialog-header">
        <h2 id="share-title">Share this board</h2>
        <button type="button" className="icon-button" aria-label="Close sharing" onClick={onClose}>
          ×
        </button>
      </div>
      <p className="muted">Anyone with a link gets its rights. Links carry a signed token; rotate a link to cut off everyone who has the old one.</p>
      {error && (
        <p className="field-error" role="alert">
          {error}
        </p>
      )}
      {!links && !error && <p role="status">Loading links…</p>}
      {links && (
        <section aria-labelledby="share-roles">
          <h3 id="share-roles">Links by role</h3>
          {BOARD_ROLES.map((each) => (
            <div key={each} className="share-role">
              <CopyField label={`${ROLE_TEXT[each].label} link`} value={absoluteLink(links[each])} />
              <p className="field-hint">
                {ROLE_TEXT[each].hint}{' '}
                <button type="button" className="link-button" onClick={() => void rotate(each)}>
                  New {ROLE_TEXT[each].label.toLowerCase()} link
                </button>
              </p>
            </div>
          ))}
        </section>
      )}
      <section aria-labelledby="share-personal">
        <h3 id="share-personal">Personal links</h3>
        <p className="field-hint">A link for one named person: the decision log shows their name as verified.</p>
        <form className="share-personal-form" onSubmit={(event) => void issue(event)} noValidate>
          <div className="field">
            <label htmlFor="personal-name">Person</label>
            <input id="personal-name" value={name} maxLength={80} onChange={(event) => setName(event.target.value)} />
          </div>
          <div className="field">
            <label htmlFor="personal-role">Role</label>
            <select id="personal-role" value={role} onChange={(event) => setRole(event.target.value as BoardRole)}>
              {BOARD_ROLES.map((each) => (
                <option key={each} value={each}>
                  {ROLE_TEXT[each].label}
                </option>
              ))}
            </select>
          </div>
          <button type="submit" className="button primary">
            Create link
          </button>
        </form>
        {issued && <CopyField label={`Link for ${issued.name}`} value={absoluteLink(issued.link)} />}
        {personal.length > 0 && (
          <ul className="share-personal-list">
            {personal.map((link) => (
              <li key={link.id}>
                <span>
                  {link.name} · {ROLE_TEXT[link.role].label}
                  {link.revokedAt !== null ? ' · revoked' : ''}
                </span>
                {link.revokedAt === null && (
                  <button type="button" className="link-button" onClick={() => void revoke(link)}>
                    Revoke
                  </button>
                )}
              </li>
            ))}
          </ul>
        )}
      </section>
    </dialog>
  );
}
