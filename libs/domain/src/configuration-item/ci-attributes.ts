import type { UpdateConfigurationItemAttributes } from './ci-commands';
import { ciError } from './ci-errors';
import type { CiAttributes, CiAttributeValue, ConfigurationItemAttributesUpdated } from './ci-events';
import type { LiveCi } from './ci-state';

/**
 * Attributes arrive as JSON from discovery tools and forms, so their shape is checked here rather
 * than trusted to the type: a nested object or array would be stored but could never be diffed,
 * filtered or shown as of an instant. `null` is a value ("known to be empty"); removing a key is `unset`.
 */
export function requireAttributes(field: string, attributes: unknown): CiAttributes {
  if (attributes === null || typeof attributes !== 'object' || Array.isArray(attributes)) {
    throw ciError('ci.invalid_field', `${field} must be an object of flat values`, { field });
  }
  for (const [key, value] of Object.entries(attributes)) {
    requireAttributeKey(field, key);
    if (!isAttributeValue(value)) {
      const path = `${field}.${key}`;
      throw ciError('ci.invalid_field', `${path} must be a string, a finite number, a boolean or null`, { field: path });
    }
  }
  return attributes as CiAttributes;
}

export function decideUpdateAttributes(
  command: UpdateConfigurationItemAttributes,
  state: LiveCi,
): readonly ConfigurationItemAttributesUpdated[] {
  const requested = requireAttributes('set', command.data.set ?? {});
  const unsetKeys = requireUnsetKeys(command.data.unset ?? []);
  const both = unsetKeys.find((key) => Object.hasOwn(requested, key));
  if (both !== undefined) {
    throw ciError('ci.invalid_field', `${both} is both set and unset`, { field: 'unset', key: both });
  }
  const current = state.attributes;
  const set = Object.fromEntries(
    Object.entries(requested).filter(([key, value]) => !Object.hasOwn(current, key) || current[key] !== value),
  );
  const unset = [...new Set(unsetKeys)].filter((key) => Object.hasOwn(current, key));
  if (Object.keys(set).length === 0 && unset.length === 0) {
    throw ciError('ci.attributes_unchanged', 'The attributes already have these values', {
      set: command.data.set ?? {},
      unset: command.data.unset ?? [],
    });
  }
  const previous = Object.fromEntries([...Object.keys(set), ...unset].filter((key) => Object.hasOwn(current, key)).map((key) => [key, current[key]]));
  return [{ type: 'ConfigurationItemAttributesUpdated', data: { ciId: command.ciId, set, unset, previous } }];
}

function requireUnsetKeys(unset: unknown): readonly string[] {
  if (!Array.isArray(unset)) throw ciError('ci.invalid_field', 'unset must be a list of keys', { field: 'unset' });
  for (const key of unset) requireAttributeKey('unset', key);
  return unset as readonly string[];
}

function requireAttributeKey(field: string, key: unknown): void {
  if (typeof key !== 'string' || key.trim() === '') {
    throw ciError('ci.invalid_field', `${field} has a blank attribute key`, { field });
  }
}

function isAttributeValue(value: unknown): value is CiAttributeValue {
  if (value === null) return true;
  if (typeof value === 'number') return Number.isFinite(value);
  return typeof value === 'string' || typeof value === 'boolean';
}
