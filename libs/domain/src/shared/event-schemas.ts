/** The data of a recorded fact, in whichever version's shape. */
export type StoredEventData = null | boolean | number | string | readonly StoredEventData[] | { readonly [field: string]: StoredEventData };

/**
 * One step in the life of an event type's shape (ADR 21): its data in the shape of `version - 1`
 * (stored so, or brought there by the steps before) read in the shape of `version`. Pure and
 * total: a recorded fact is never refused, so a step never throws, and gives new data, never
 * changing what it is given.
 */
export interface Upcaster {
  readonly type: string;
  /** The schema version whose shape this step gives. */
  readonly version: number;
  readonly upcast: (data: StoredEventData) => StoredEventData;
}

/** The events written under one schema version: their types, the version written now, and the steps their shapes took. */
export interface EventFamily {
  readonly name: string;
  readonly version: number;
  readonly types: readonly string[];
  readonly upcasters: readonly Upcaster[];
}

/**
 * Every shape the domain knows, for the event store's reads (its `EventSchemas` port): which
 * version each type is written at now, and how data stored at an older one reads in the current.
 */
export class EventSchemaRegistry {
  private readonly versions = new Map<string, number>();
  private readonly steps = new Map<string, readonly Upcaster[]>();

  /** Throws at once on a registration that could mis-read a fact; nothing is read before it is whole. */
  constructor(families: readonly EventFamily[]) {
    for (const family of families) {
      for (const type of family.types) {
        if (this.versions.has(type)) throw new Error(`${type} is registered twice: a type has one schema version`);
        this.versions.set(type, family.version);
      }
      for (const step of family.upcasters) this.register(family, step);
    }
    for (const [type, steps] of this.steps) this.steps.set(type, [...steps].sort((a, b) => a.version - b.version));
  }

  currentVersion(type: string): number | undefined {
    return this.versions.get(type);
  }

  /** Each step after `storedVersion`, in order; `data` itself when none applies. */
  upcast(type: string, storedVersion: number, data: StoredEventData): StoredEventData {
    let read = data;
    for (const step of this.steps.get(type) ?? []) if (step.version > storedVersion) read = step.upcast(read);
    return read;
  }

  private register(family: EventFamily, step: Upcaster): void {
    const where = `${family.name} step to version ${step.version} of ${step.type}`;
    if (!family.types.includes(step.type)) throw new Error(`${where}: ${step.type} is not one of ${family.name}'s types`);
    if (!Number.isInteger(step.version) || step.version < 2 || step.version > family.version) {
      throw new Error(`${where}: a step gives a version from 2 to ${family.version}, the version written now`);
    }
    const steps = this.steps.get(step.type) ?? [];
    if (steps.some((other) => other.version === step.version)) throw new Error(`${where} is registered twice`);
    this.steps.set(step.type, [...steps, step]);
  }
}
