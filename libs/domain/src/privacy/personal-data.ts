import { INCIDENT_PERSONAL_DATA } from '../incident/incident-personal-data';
import type { PersonalDataMap } from './personal-data-fields';

export { ERASED, type PersonalDataMap, type PersonalFields } from './personal-data-fields';

/** Every fact that holds personal data, by type: what the sealing and the revealing work from. */
export const PERSONAL_DATA: PersonalDataMap = { ...INCIDENT_PERSONAL_DATA };
