import type { CommandContext, Decider } from '../shared/decider';
import { domainErrors } from '../shared/domain-error';

/**
 * An erasure of one person's data is a fact of its own stream, named by the person's key id (an
 * opaque id, never their name): who erased, when and why, and which streams held their data. The
 * key is deleted only after this is recorded, so no erasure goes unaudited (ADR 20).
 */
export const personalDataErasureStream = (keyId: string): string => `personal-data-erasure-${keyId}`;
export const PERSONAL_DATA_ERASURE_STREAM_PREFIX = 'personal-data-erasure-';
export const PERSONAL_DATA_ERASURE_SCHEMA_VERSION = 1;

export type PersonalDataErased = {
  readonly type: 'PersonalDataErased';
  readonly data: {
    readonly keyId: string;
    readonly reason: string;
    /** The streams whose facts held the person's data, sealed: they read "erased" from now on. */
    readonly streams: readonly string[];
  };
};

export interface ErasePersonalData {
  readonly type: 'ErasePersonalData';
  readonly data: { readonly keyId: string; readonly reason: string; readonly streams: readonly string[] };
  readonly context: CommandContext;
}

export interface PersonalDataErasureState {
  readonly erased: boolean;
}

export const PERSONAL_DATA_ERROR_CODES = {
  'personal_data.already_erased': { kind: 'conflict', rule: "This person's data has already been erased" },
  'personal_data.reason_required': { kind: 'not_allowed', rule: 'An erasure states why it is made (the request it answers, the law it follows)' },
  'personal_data.erased': { kind: 'conflict', rule: "This record's person had their personal data erased: no new personal data is recorded for them here" },
} as const;
/** Refusals about personal data, for the deciders and for the sealing that runs before an append. */
export const refusePersonalData = domainErrors(PERSONAL_DATA_ERROR_CODES);
const refuse = refusePersonalData;

export const personalDataErasureDecider: Decider<ErasePersonalData, PersonalDataErased, PersonalDataErasureState> = {
  initialState: { erased: false },
  evolve: (_state, event) => (event.type === 'PersonalDataErased' ? { erased: true } : _state),
  decide(command, state) {
    if (state.erased) throw refuse('personal_data.already_erased');
    const reason = command.data.reason.trim();
    if (reason.length === 0) throw refuse('personal_data.reason_required');
    return [{ type: 'PersonalDataErased', data: { keyId: command.data.keyId, reason, streams: [...command.data.streams].sort() } }];
  },
};
