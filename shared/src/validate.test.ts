import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { itemsMap, lanesMap } from './boardDoc.ts';
import { addItem, createBoard } from './commands.ts';
import { buildSampleBoard } from './sampleBoard.ts';
import { describeProblems, validateBoard } from './validate.ts';

function problemsOf(doc: Y.Doc): string {
  const result = validateBoard(doc);
  return result.ok ? '' : describeProblems(result.problems);
}

describe('validateBoard', () => {
  it('accepts the sample board', () => {
    const doc = new Y.Doc();
    buildSampleBoard(doc);
    expect(problemsOf(doc)).toBe('');
  });

  it('names what is wrong: wrong field types, unknown lanes, unknown top-level types', () => {
    const doc = new Y.Doc();
    const [lane] = createBoard(doc, { title: 'T', template: 'planning' });
    const id = addItem(doc, { title: 'A', laneId: lane as string });
    itemsMap(doc).get(id)?.set('estimate', 'lots');
    expect(problemsOf(doc)).toContain(`items.${id}.estimate`);
    itemsMap(doc).get(id)?.set('estimate', 3);
    itemsMap(doc).get(id)?.set('laneId', 'ghost');
    expect(problemsOf(doc)).toContain('refers to unknown lane "ghost"');
    itemsMap(doc).get(id)?.set('laneId', lane);
    lanesMap(doc).get(lane as string)?.set('rank', 'not a rank!');
    expect(problemsOf(doc)).toContain('not a valid fractional-index rank');
    lanesMap(doc).get(lane as string)?.set('rank', 'a0');
    expect(problemsOf(doc)).toBe('');
    doc.getArray('sneaky');
    expect(problemsOf(doc)).toBe('sneaky is not a known top-level type');
  });

  it('rejects extra keys such as __proto__ on an item', () => {
    const doc = new Y.Doc();
    const [lane] = createBoard(doc, { title: 'T', template: 'planning' });
    const id = addItem(doc, { title: 'A', laneId: lane as string });
    itemsMap(doc).get(id)?.set('__proto__', { polluted: true });
    expect(problemsOf(doc)).not.toBe('');
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('refuses a title that is not a Y.Text and a description that is not rich text, though the plain view would read them', () => {
    const doc = new Y.Doc();
    const [lane] = createBoard(doc, { title: 'T', template: 'planning' });
    const id = addItem(doc, { title: 'A', laneId: lane as string, description: 'Rich' });
    const item = itemsMap(doc).get(id) as Y.Map<unknown>;
    expect(problemsOf(doc)).toBe('');
    const cases: Array<[string, unknown, RegExp]> = [
      ['description', 'a plain string', new RegExp(`items\\.${id}\\.description must be rich text`)],
      ['description', 42, new RegExp(`items\\.${id}\\.description must be rich text`)],
      ['description', new Y.Text('x'), new RegExp(`items\\.${id}\\.description is not a supported shared type`)],
      ['description', new Y.XmlElement('paragraph'), new RegExp(`items\\.${id}\\.description is not a supported shared type`)],
      ['description', new Y.Map(), new RegExp(`items\\.${id}\\.description is not a supported shared type`)],
      ['title', 'A', new RegExp(`items\\.${id}\\.title must be collaborative text`)],
      ['title', new Y.XmlText('A'), new RegExp(`items\\.${id}\\.title is not a supported shared type`)],
      ['title', new Y.XmlFragment(), new RegExp(`items\\.${id}\\.title is not a supported shared type`)],
    ];
    for (const [field, value, problem] of cases) {
      item.set(field, value);
      expect(problemsOf(doc), `${field} = ${String(value)}`).toMatch(problem);
      item.set(field, field === 'title' ? new Y.Text('A') : new Y.XmlFragment());
      expect(problemsOf(doc)).toBe('');
    }
  });
});
