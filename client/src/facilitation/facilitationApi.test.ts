import { describe, expect, it } from 'vitest';
import { facilitationRoleOfLink } from './facilitationApi.ts';

/** A link token as the server signs it (header.claims.signature); only the claims are read here. */
const token = (claims: Record<string, string>) => `h.${btoa(JSON.stringify(claims)).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '')}.sig`;

describe('the facilitator role a page shows before the server answers', () => {
  it('follows the rule the server applies to what the link claims', () => {
    const handedToPriya = { personId: 'p-priya', name: 'Priya' };
    // Nobody was handed the role: the owner link facilitates, an editor does not.
    expect(facilitationRoleOfLink(token({ board: 'b1', role: 'owner' }), undefined)).toEqual({ isFacilitator: true, mayHandOver: true });
    expect(facilitationRoleOfLink(token({ board: 'b1', role: 'editor' }), undefined)).toEqual({ isFacilitator: false, mayHandOver: false });
    // Handed to Priya: her personal link facilitates; the owner no longer does but may take it back.
    expect(facilitationRoleOfLink(token({ board: 'b1', role: 'editor', person: 'p-priya' }), handedToPriya)).toEqual({ isFacilitator: true, mayHandOver: true });
    expect(facilitationRoleOfLink(token({ board: 'b1', role: 'editor', person: 'p-eli' }), handedToPriya)).toEqual({ isFacilitator: false, mayHandOver: false });
    expect(facilitationRoleOfLink(token({ board: 'b1', role: 'owner' }), handedToPriya)).toEqual({ isFacilitator: false, mayHandOver: true });
  });

  it('claims nothing without a readable link token', () => {
    expect(facilitationRoleOfLink(null, undefined)).toEqual({ isFacilitator: false, mayHandOver: false });
    expect(facilitationRoleOfLink('not-a-token', undefined)).toEqual({ isFacilitator: false, mayHandOver: false });
  });
});
