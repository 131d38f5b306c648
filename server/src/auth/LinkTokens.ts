import { BOARD_ROLES, type BoardRole } from '@lanewise/shared';
import { decodeProtectedHeader, errors, jwtVerify, SignJWT } from 'jose';
import { z } from 'zod';
import { AccessDenied, AccessDeniedCode } from './AccessDenied.ts';

const ISSUER = 'lanewise';
const ALGORITHM = 'HS256';
/** Far longer than any token this server issues; longer input is refused before it is parsed. */
const MAX_TOKEN_LENGTH = 2048;

/** What a link token says. `ver` is the role link's version (rotation bumps it); `pid` a personal link. */
export interface LinkClaims {
  readonly board: string;
  readonly role: BoardRole;
  readonly ver: number;
  readonly person?: string;
  readonly pid?: string;
  /** Seconds since the epoch, if the token expires. */
  readonly exp?: number;
}

const claimsSchema = z.object({
  board: z.string().min(1).max(64),
  role: z.enum(BOARD_ROLES),
  ver: z.number().int().positive(),
  person: z.string().min(1).max(80).optional(),
  pid: z.string().min(1).max(64).optional(),
  exp: z.number().optional(),
});

/** Signs and verifies link tokens: HS256 JWTs, and nothing else (`alg: none` least of all). */
export class LinkTokens {
  constructor(private readonly secret: Uint8Array) {}

  sign(claims: LinkClaims): Promise<string> {
    const { exp, ...payload } = claims;
    const jwt = new SignJWT({ ...payload }).setProtectedHeader({ alg: ALGORITHM, typ: 'JWT' }).setIssuer(ISSUER).setIssuedAt();
    if (exp !== undefined) jwt.setExpirationTime(exp);
    return jwt.sign(this.secret);
  }

  /** The token's claims if this server signed it and it has not expired; else AccessDenied (401). */
  async verify(token: string): Promise<LinkClaims> {
    if (token.length > MAX_TOKEN_LENGTH) throw malformed('is too long');
    let alg: unknown;
    try {
      alg = decodeProtectedHeader(token).alg;
    } catch {
      throw malformed('is not a JWT');
    }
    if (alg !== ALGORITHM) {
      throw new AccessDenied(401, AccessDeniedCode.TokenAlgorithm, `The link's token uses alg "${String(alg).slice(0, 16)}"; only ${ALGORITHM} tokens issued by this server are accepted.`);
    }
    let payload: unknown;
    try {
      ({ payload } = await jwtVerify(token, this.secret, { algorithms: [ALGORITHM], issuer: ISSUER, clockTolerance: 5 }));
    } catch (error) {
      if (error instanceof errors.JWTExpired) throw new AccessDenied(401, AccessDeniedCode.TokenExpired, 'The link has expired; ask the board owner for a new one.');
      if (error instanceof errors.JWSSignatureVerificationFailed) {
        throw new AccessDenied(401, AccessDeniedCode.TokenSignature, 'The link\'s token was not signed by this server; ask the board owner for a new link.');
      }
      throw malformed(error instanceof errors.JWTClaimValidationFailed ? `has an invalid "${error.claim}" claim` : 'could not be read');
    }
    const parsed = claimsSchema.safeParse(payload);
    if (!parsed.success) throw malformed('lacks the board, role or version');
    const { person, pid, exp, ...rest } = parsed.data;
    return { ...rest, ...(person !== undefined ? { person } : {}), ...(pid !== undefined ? { pid } : {}), ...(exp !== undefined ? { exp } : {}) };
  }
}

function malformed(problem: string): AccessDenied {
  return new AccessDenied(401, AccessDeniedCode.TokenMalformed, `The link's token ${problem}; open the board with the full link you were given.`);
}
