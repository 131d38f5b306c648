import { lazy, Suspense, useEffect, useRef, useState, type FormEvent, type ReactNode } from 'react';
import { ITEM_KINDS, itemsMap, LIMITS } from '@lanewise/shared';
import * as Y from 'yjs';
import { useActions, useBoardSession, useBoardStore, useSessionState } from '../board/sessionContext.tsx';
import { CollaborativeTitle } from '../richText/CollaborativeTitle.tsx';
import { ConfirmDeleteDialog } from './ConfirmDeleteDialog.tsx';
import { ItemDetails } from './ItemDetails.tsx';
import { useUiStore } from '../ui/uiStore.ts';
import { KIND_LABELS, SOURCE_SYSTEMS } from './CardBody.tsx';
import { ItemHistory } from '../history/ItemHistory.tsx';
import { CommentThread } from '../comments/CommentThread.tsx';
import { EstimationSection } from '../estimation/EstimationSection.tsx';
import { OwnerOptions } from '../people/OwnerOptions.tsx';
import { LensScores } from '../tradeoffs/LensScores.tsx';
import { UNIT_LONG } from '../tradeoffs/format.ts';
import { changedFields, draftFromItem, EMPTY_DRAFT, patchFromDraft, riceScore, type FieldErrors, type ItemDraft, type ItemField } from './itemForm.ts';
import { PanelActions } from './PanelActions.tsx';

// The editor (ProseMirror + y-prosemirror) is its own chunk, fetched when a panel first opens.
const DescriptionEditor = lazy(() => import('../richText/DescriptionEditor.tsx'));

const FIELD_ORDER: readonly ItemField[] = ['title', 'description', 'owner', 'estimate', 'tags', 'kind', 'reach', 'impact', 'confidence', 'techHealth', 'risk'];

type PanelMode = { readonly kind: 'new'; readonly laneId: string } | { readonly kind: 'edit'; readonly itemId: string };

interface FieldProps {
  readonly field: ItemField;
  readonly label: string;
  readonly hint?: string;
  readonly error: string | undefined;
  readonly children: (props: { id: string; 'aria-invalid'?: true; 'aria-describedby'?: string }) => ReactNode;
}

function Field({ field, label, hint, error, children }: FieldProps) {
  const id = `item-${field}`;
  const describedBy = [hint ? `${id}-hint` : '', error ? `${id}-error` : ''].filter(Boolean).join(' ');
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      {children({ id, ...(error ? { 'aria-invalid': true as const } : {}), ...(describedBy ? { 'aria-describedby': describedBy } : {}) })}
      {hint && (
        <p id={`${id}-hint`} className="field-hint">
          {hint}
        </p>
      )}
      {error && (
        <p id={`${id}-error`} className="field-error">
          {error}
        </p>
      )}
    </div>
  );
}

/** Create or edit one initiative. Saves only the fields the user changed. */
export function ItemPanel({ mode }: { readonly mode: PanelMode }) {
  const actions = useActions();
  const item = useBoardStore((state) => (mode.kind === 'edit' ? state.items[mode.itemId] : undefined));
  const laneName = useBoardStore((state) => {
    const laneId = mode.kind === 'new' ? mode.laneId : state.laneIds.find((id) => state.lanes[id]?.itemIds.includes(mode.itemId));
    return laneId === undefined ? '' : (state.lanes[laneId]?.name ?? '');
  });
  const estimateUnit = useBoardStore((state) => state.meta?.estimateUnit ?? 'points');
  const readOnly = useSessionState((state) => state.readOnly);
  // Under hard limits a new initiative cannot quietly push a full lane over: it needs a reason.
  const fullLane = useBoardStore((state) => {
    if (mode.kind !== 'new' || state.meta?.limitMode !== 'hard') return null;
    const lane = state.lanes[mode.laneId];
    return lane && lane.itemLimit !== null && lane.itemIds.length >= lane.itemLimit ? `${lane.name} is full (${lane.itemIds.length} of ${lane.itemLimit})` : null;
  });
  const [overLimitReason, setOverLimitReason] = useState('');
  const [original] = useState<ItemDraft>(() => (item ? draftFromItem(item) : EMPTY_DRAFT));
  const [draft, setDraft] = useState<ItemDraft>(original);
  const [errors, setErrors] = useState<FieldErrors>({});
  const [formError, setFormError] = useState<string | null>(null);
  const titleRef = useRef<HTMLInputElement>(null);
  const session = useBoardSession();
  // In edit mode title and description are the item's collaborative text, edited live.
  const [liveText] = useState(() => {
    if (mode.kind !== 'edit') return null;
    const map = itemsMap(session.doc).get(mode.itemId);
    const title = map?.get('title');
    const description = map?.get('description');
    return title instanceof Y.Text && description instanceof Y.XmlFragment ? { title, description } : null;
  });
  const [titleEmpty, setTitleEmpty] = useState(false);
  const close = () => useUiStore.getState().closePanel();

  useEffect(() => {
    titleRef.current?.focus();
  }, []);

  const set = <K extends ItemField>(field: K, value: ItemDraft[K]) => setDraft((current) => ({ ...current, [field]: value }));

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const { patch, errors: found } = patchFromDraft(draft);
    setErrors(found);
    if (Object.keys(found).length > 0) {
      setFormError('Please fix the highlighted fields.');
      const first = FIELD_ORDER.find((field) => found[field] !== undefined);
      if (first) document.getElementById(`item-${first}`)?.focus();
      return;
    }
    if (fullLane && overLimitReason.trim() === '') {
      setFormError(`${fullLane}: say why this one goes over the limit, or add it to another lane.`);
      document.getElementById('item-over-limit-reason')?.focus();
      return;
    }
    const result =
      mode.kind === 'new'
        ? actions.addItem({ ...patch, laneId: mode.laneId }, fullLane ? overLimitReason : undefined)
        : actions.updateItem(mode.itemId, changedFields(patch, original));
    if (!result.ok) {
      setFormError(result.message);
      return;
    }
    close();
  }

  const [confirmingDelete, setConfirmingDelete] = useState(false);
  function remove() {
    if (mode.kind !== 'edit') return;
    setConfirmingDelete(false);
    const result = actions.deleteItem(mode.itemId);
    if (!result.ok) setFormError(result.message);
    else close();
  }

  const heading = mode.kind === 'new' ? `New initiative${laneName ? ` in ${laneName}` : ''}` : 'Edit initiative';
  const gone = mode.kind === 'edit' && !item;
  const rice = item ? riceScore(item) : null;

  if (readOnly && item) {
    return (
      <aside className="side-panel" aria-labelledby="item-panel-title item-details-title">
        <div className="panel-header">
          <h2 id="item-panel-title">Initiative</h2>
          <button type="button" className="icon-button" aria-label="Close panel" onClick={close}>
            <svg viewBox="0 0 20 20" aria-hidden="true" focusable="false">
              <path d="m5 5 10 10M15 5 5 15" stroke="currentColor" strokeWidth="1.8" strokeLinecap="round" />
            </svg>
          </button>
        </div>
        <ItemDetails item={item} laneName={laneName} unit={estimateUnit} titleId="item-details-title" />
      </aside>
    );
  }

  return (
    <aside className="side-panel" aria-labelledby="item-panel-title">
      <div className="panel-header">
        <h2 id="item-panel-title">{heading}</h2>
        <button type="button" className="icon-button" aria-label="Close panel" onClick={close}>
          <svg viewBox="0 0 20 20" aria-hidden="true" focusable="false">
            <path d="m5 5 10 10M15 5 5 15" stroke="currentColor" strokeWidth="1.8" strokeLinecap="round" />
          </svg>
        </button>
      </div>
      {gone ? (
        <div className="panel-body">
          <p role="alert">Someone deleted this initiative. Undo brings it back if it was you.</p>
        </div>
      ) : (
        <form className="panel-body" onSubmit={submit} noValidate>
          {mode.kind === 'edit' && laneName && <p className="panel-context">In lane {laneName}{rice !== null ? ` · RICE ${Math.round(rice)}` : ''}</p>}
          {item?.source && (
            <p className="panel-context" data-testid="item-source">
              Imported from {SOURCE_SYSTEMS[item.source.system]}:{' '}
              {item.source.url ? (
                <a href={item.source.url} target="_blank" rel="noopener noreferrer">
                  {item.source.key}
                </a>
              ) : (
                <span className="source-key">{item.source.key}</span>
              )}
              . Re-importing the file updates this initiative.
            </p>
          )}
          {liveText && mode.kind === 'edit' ? (
            <>
              <Field field="title" label="Title" hint="Saved as you type; others' edits appear here live." error={titleEmpty ? 'A title is required; the last one is kept until you type one.' : errors.title}>
                {(props) => (
                  <CollaborativeTitle
                    {...props}
                    ref={titleRef}
                    text={liveText.title}
                    origin={session.origin}
                    rename={(title) => actions.editTitle(mode.itemId, title)}
                    maxLength={LIMITS.titleLength}
                    autoComplete="off"
                    required
                    onEmpty={setTitleEmpty}
                  />
                )}
              </Field>
              <div className="field">
                <span className="field-label" id="item-description-label">
                  Description
                </span>
                <Suspense fallback={<p className="muted">Loading the editor…</p>}>
                  <DescriptionEditor fragment={liveText.description} awareness={session.awareness} undoManager={session.undoManager} labelledBy="item-description-label" editable={!readOnly} />
                </Suspense>
              </div>
            </>
          ) : (
            <>
              <Field field="title" label="Title" error={errors.title}>
                {(props) => <input {...props} ref={titleRef} value={draft.title} maxLength={LIMITS.titleLength} autoComplete="off" required onChange={(event) => set('title', event.target.value)} />}
              </Field>
              <Field field="description" label="Description" error={errors.description}>
                {(props) => <textarea {...props} rows={4} value={draft.description} maxLength={LIMITS.descriptionLength} onChange={(event) => set('description', event.target.value)} />}
              </Field>
            </>
          )}
          <div className="field-row">
            <Field field="owner" label="Owner" error={errors.owner}>
              {(props) => (
                <>
                  <input {...props} list="item-owner-people" value={draft.owner} maxLength={LIMITS.nameLength} autoComplete="off" onChange={(event) => set('owner', event.target.value)} />
                  <OwnerOptions id="item-owner-people" />
                </>
              )}
            </Field>
            <Field field="estimate" label="Estimate" hint={UNIT_LONG[estimateUnit].replace(/^./, (c) => c.toUpperCase())} error={errors.estimate}>
              {(props) => <input {...props} inputMode="decimal" value={draft.estimate} onChange={(event) => set('estimate', event.target.value)} />}
            </Field>
          </div>
          <div className="field-row">
            <Field field="tags" label="Tags" hint="Separate with commas" error={errors.tags}>
              {(props) => <input {...props} value={draft.tags} autoComplete="off" onChange={(event) => set('tags', event.target.value)} />}
            </Field>
            <Field field="kind" label="Kind" error={errors.kind}>
              {(props) => (
                <select {...props} value={draft.kind} onChange={(event) => set('kind', event.target.value as ItemDraft['kind'])}>
                  {ITEM_KINDS.map((kind) => (
                    <option key={kind} value={kind}>
                      {KIND_LABELS[kind]}
                    </option>
                  ))}
                </select>
              )}
            </Field>
          </div>
          <fieldset className="lens">
            <legend>Product lens</legend>
            <div className="field-row three">
              <Field field="reach" label="Reach" hint="Users per quarter" error={errors.reach}>
                {(props) => <input {...props} inputMode="numeric" value={draft.reach} onChange={(event) => set('reach', event.target.value)} />}
              </Field>
              <Field field="impact" label="Impact" hint="0.25 – 3" error={errors.impact}>
                {(props) => <input {...props} inputMode="decimal" value={draft.impact} onChange={(event) => set('impact', event.target.value)} />}
              </Field>
              <Field field="confidence" label="Confidence" hint="0 – 1" error={errors.confidence}>
                {(props) => <input {...props} inputMode="decimal" value={draft.confidence} onChange={(event) => set('confidence', event.target.value)} />}
              </Field>
            </div>
          </fieldset>
          <fieldset className="lens">
            <legend>Engineering lens</legend>
            <div className="field-row">
              <Field field="techHealth" label="Tech health" hint="0 – 3, reliability or debt gain" error={errors.techHealth}>
                {(props) => <input {...props} inputMode="decimal" value={draft.techHealth} onChange={(event) => set('techHealth', event.target.value)} />}
              </Field>
              <Field field="risk" label="Risk" hint="1 (low) – 3 (high)" error={errors.risk}>
                {(props) => <input {...props} inputMode="decimal" value={draft.risk} onChange={(event) => set('risk', event.target.value)} />}
              </Field>
            </div>
          </fieldset>
          <LensScores draft={draft} />
          {fullLane && (
            <div className="field over-limit" data-testid="over-limit-reason">
              <label htmlFor="item-over-limit-reason">Reason to go over the limit</label>
              <textarea
                id="item-over-limit-reason"
                rows={2}
                value={overLimitReason}
                maxLength={LIMITS.rationaleLength}
                aria-describedby="item-over-limit-hint"
                onChange={(event) => setOverLimitReason(event.target.value)}
              />
              <p id="item-over-limit-hint" className="field-hint">
                {fullLane} and its limit is hard. The decision log records the override with this reason.
              </p>
            </div>
          )}
          <PanelActions error={formError} onCancel={close}>
            {mode.kind === 'edit' && (
              <button type="button" className="button danger push-end" onClick={() => setConfirmingDelete(true)}>
                Delete
              </button>
            )}
          </PanelActions>
          {mode.kind === 'edit' && <EstimationSection itemId={mode.itemId} />}
          {mode.kind === 'edit' && <CommentThread itemId={mode.itemId} />}
          {mode.kind === 'edit' && <ItemHistory itemId={mode.itemId} />}
        </form>
      )}
      {confirmingDelete && item && <ConfirmDeleteDialog title={item.title} onConfirm={remove} onCancel={() => setConfirmingDelete(false)} />}
    </aside>
  );
}
