import type { Principal } from './principal';

/** What a token was recognised as, and until when it may be recognised without verifying it again. */
export interface VerifiedToken {
  readonly principal: Principal;
  /** Milliseconds, like Date.now: the token's exp. Never later: past exp, a token is verified afresh (and refused). */
  readonly until: number;
  /**
   * Checked on every recognition, for what can end a token before its exp: a provider's token is
   * recognised only while the key that verified it is still published (a rotation that removes it
   * refuses the token, as a full verification would).
   */
  readonly stillValid?: () => Promise<boolean>;
}

/**
 * Tokens already verified, so a client sending the same token on every request pays for its
 * signature, JSON and claims once (issue 15: verifying took 8 % of an opening; this cache alone gave
 * +21 %). Bounded in time by each token's exp and in size by `maxTokens` (the oldest is forgotten
 * first). Only accepted tokens are kept: a refusal is always verified again, so a token that is not
 * yet valid (nbf) may become so. Keyed by the whole token, signature included, so a token differing in
 * one character is another entry, verified on its own.
 */
export class VerifiedTokens {
  private readonly entries = new Map<string, VerifiedToken>();

  constructor(private readonly maxTokens = 10_000) {
    if (!Number.isInteger(maxTokens) || maxTokens < 0) throw new RangeError('maxTokens must be a whole number');
  }

  /** The principal of a token verified before and valid at `nowMs`; undefined: verify it. */
  async recall(token: string, nowMs: number): Promise<Principal | undefined> {
    const entry = this.entries.get(token);
    if (entry === undefined) return undefined;
    if (nowMs >= entry.until || (entry.stillValid !== undefined && !(await entry.stillValid()))) {
      this.entries.delete(token);
      return undefined;
    }
    return entry.principal;
  }

  remember(token: string, verified: VerifiedToken, nowMs: number): void {
    if (this.maxTokens === 0 || nowMs >= verified.until) return;
    this.entries.delete(token);
    this.entries.set(token, verified);
    while (this.entries.size > this.maxTokens) this.entries.delete(this.entries.keys().next().value as string);
  }

  get size(): number {
    return this.entries.size;
  }
}
