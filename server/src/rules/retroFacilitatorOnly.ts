import { CloseCode, isFacilitator, RETRO_FACILITATOR_FIELDS } from '@lanewise/shared';
import type { BoardRule } from './BoardRule.ts';
import { facilitatorBefore } from './facilitation.ts';

const FACILITATOR_FIELDS: ReadonlySet<string> = new Set(RETRO_FACILITATOR_FIELDS);
const NO_FIELDS: ReadonlySet<string> = new Set();

/**
 * On a retro board, the retro settings (anonymity, vote budget and cap) and the
 * columns are the facilitator's: the board owner, or the person the role was handed to. Anyone else's change to them is refused —
 * hiding the buttons is not enough. A board's kind is fixed when it is made, for everyone.
 */
export const retroFacilitatorOnly: BoardRule = {
  name: 'retro-facilitator-only',
  check: ({ sender, changes }) => {
    const metaFields = changes.touched.get('meta') ?? NO_FIELDS;
    const lanesTouched = (changes.touched.get('lanes')?.size ?? 0) > 0;
    // Settings live in `meta`, columns in `lanes`: a change to neither is none of this rule's business.
    if (metaFields.size === 0 && !lanesTouched) return null;
    if (metaFields.has('kind')) return { code: CloseCode.Forbidden, reason: 'a board\'s kind (planning or retro) is fixed when it is made: your change was not saved' };
    if (changes.valueBefore('meta', 'kind') !== 'retro') return null;
    // The phase moves only through the server (POST …/retro/phase), which reveals drafts and
    // publishes votes in the same step; a phase written into the document would skip both.
    if (metaFields.has('retroPhase')) return { code: CloseCode.Forbidden, reason: 'the retro\'s phase changes only through the facilitator\'s phase controls: your change was not saved' };
    if (isFacilitator(facilitatorBefore(changes), sender)) return null;
    const field = [...metaFields].find((name) => FACILITATOR_FIELDS.has(name));
    if (field) return { code: CloseCode.Forbidden, reason: 'only the facilitator can change the retro\'s settings: your change was not saved' };
    if (lanesTouched) return { code: CloseCode.Forbidden, reason: 'only the facilitator can change a retro\'s columns: your change was not saved' };
    return null;
  },
};
