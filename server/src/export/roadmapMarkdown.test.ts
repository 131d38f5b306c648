import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { roadmapToCsv } from './roadmapCsv.ts';
import { roadmapToMarkdown } from './roadmapMarkdown.ts';
import { readRoadmap } from './roadmapRows.ts';

/** The frozen v3 board: one description is formatted (heading, bold, a link, a list, code). */
function frozenV3(): Y.Doc {
  const doc = new Y.Doc();
  Y.applyUpdate(doc, new Uint8Array(readFileSync(new URL('../../../shared/test/fixtures/board-v3.bin', import.meta.url))));
  return doc;
}

describe('roadmap exports of rich-text descriptions', () => {
  // (In the fixture " — see " was typed right after "slow" and took its bold, as an editor does.)
  it('renders a description as Markdown inside its item in the decision record, and as plain text in CSV', () => {
    const roadmap = readRoadmap(frozenV3(), []);
    const markdown = roadmapToMarkdown(roadmap, 0);
    expect(markdown).toContain(
      ['   ## Why', '', '   Checkout is **slow — see** [the dashboard](https://example.com/dash)', '', '   - p99 budget', '', '   ```', '   SELECT 1;', '   ```'].join('\n'),
    );
    const csv = roadmapToCsv(roadmap);
    expect(csv).toContain('"Why\nCheckout is slow — see the dashboard\n- p99 budget\nSELECT 1;"');
  });
});
