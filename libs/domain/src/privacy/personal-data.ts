import { INCIDENT_PERSONAL_DATA, INCIDENT_PERSONAL_REQUEST_DATA } from '../incident/incident-personal-data';
import type { PersonalDataMap } from './personal-data-fields';

export { ERASED, type PersonalDataMap, type PersonalFields } from './personal-data-fields';

/** Every fact that holds personal data, by type: what the sealing and the revealing work from. */
export const PERSONAL_DATA: PersonalDataMap = { ...INCIDENT_PERSONAL_DATA };

/** Every command that brings personal data, by type, with paths within its data. */
export const PERSONAL_REQUEST_DATA: PersonalDataMap = { ...INCIDENT_PERSONAL_REQUEST_DATA };
