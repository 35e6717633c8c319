/**
 * The attributes the rules read (rules-reference section 2), derived from a record: descriptive
 * fields feed some (countries → jurisdictions and in_eu, domains → domain, safeguards →
 * safeguards.*), the record's `facts` give the rest. What a record does not state is unknown,
 * never false; a list the record does give (its capabilities, say) is taken as complete.
 */
import { EU_MEMBER_STATES } from '../countries.ts';
import { SAFEGUARDS, type Deployment, type Source } from '../deployment.ts';
import type { FactAttribute } from '../vocabulary.ts';
import type { AttributeValue } from './condition.ts';

/** A record as the engine accepts it: any part may be missing (a proposed system, a draft). */
export type AssessableRecord = Partial<Deployment>;

/** Attributes derived from the record's descriptive fields, with the field each comes from. */
const DERIVED: Record<string, keyof Deployment> = {
  jurisdictions: 'countries',
  in_eu: 'countries',
  domain: 'domains',
  deployer_type: 'deployer_type',
  capabilities: 'capabilities',
  status: 'status',
  ...Object.fromEntries(SAFEGUARDS.map((s) => [`safeguards.${s}`, 'safeguards'])),
};

/** Every attribute name a rule may read, given the facts vocabulary. */
export function attributeNames(facts: readonly FactAttribute[]): Set<string> {
  return new Set([...Object.keys(DERIVED), ...facts.map((f) => f.name)]);
}

/** The record field a source must `support` to back an attribute. */
export function attributeField(attribute: string): string {
  return DERIVED[attribute] ?? 'facts';
}

function isUnknown(v: unknown): boolean {
  return v === undefined || v === null || v === 'unknown';
}

/** Reads one attribute of a record; `undefined` when the record leaves it unknown. */
export function readAttribute(record: AssessableRecord, name: string): AttributeValue {
  return readerOf(name)(record);
}

export type Reader = (record: AssessableRecord) => AttributeValue;

/** The function that reads an attribute from a record (made once per name, and shared). */
export function attributeReader(name: string): Reader {
  return readerOf(name);
}

/**
 * A reader per attribute name, made once (the names come from the rules, so there are few): the
 * assessment of a million records reads about twenty attributes of each, and splitting the name
 * every time was the largest part of reading them.
 */
const readers = new Map<string, Reader>();

function readerOf(name: string): Reader {
  let reader = readers.get(name);
  if (!reader) readers.set(name, (reader = makeReader(name)));
  return reader;
}

/** Attributes derived from the record's descriptive fields rather than read from `facts`. */
const DERIVED_READERS = new Set(['jurisdictions', 'in_eu', 'domain', 'deployer_type', 'capabilities', 'status']);

function makeReader(name: string): Reader {
  switch (name) {
    case 'jurisdictions':
      return (record) => record.countries;
    case 'in_eu':
      return (record) => (record.countries?.length ? record.countries.some((c) => c === 'EU' || EU_MEMBER_STATES.has(c)) : undefined);
    case 'domain':
      return (record) => record.domains;
    case 'deployer_type':
      return (record) => record.deployer_type;
    case 'capabilities':
      return (record) => record.capabilities;
    case 'status':
      return (record) => record.status;
  }
  const [head, tail] = name.split('.') as [string, string | undefined];
  if (head === 'safeguards' && tail) {
    return (record) => {
      const v = (record.safeguards as Record<string, unknown> | undefined)?.[tail];
      return isUnknown(v) ? undefined : (v as boolean);
    };
  }
  return (record) => {
    const facts = record.facts as Record<string, unknown> | undefined;
    const v = tail ? (facts?.[head] as Record<string, unknown> | undefined)?.[tail] : facts?.[head];
    return isUnknown(v) ? undefined : (v as AttributeValue);
  };
}

/**
 * The attributes of a record's `facts` and `safeguards` among a set of numbered ones, read in one
 * pass over the record: a record states a different selection of facts from the next, so its
 * objects rarely share a shape, and looking up one property of such an object by name costs more
 * than walking all its properties (`for…in`, which V8 serves from the object's own layout).
 * Gives what readAttribute gives for each (own properties: no fact is named like an Object
 * property).
 */
export class StatedAttributes {
  private readonly facts = new Map<string, number>();
  private readonly nested = new Map<string, [tail: string, slot: number][]>();
  private readonly safeguards = new Map<string, number>();

  constructor(slots: ReadonlyMap<string, number>) {
    for (const [name, slot] of slots) {
      if (DERIVED_READERS.has(name)) continue;
      const [head, tail] = name.split('.') as [string, string | undefined];
      if (head === 'safeguards' && tail) this.safeguards.set(tail, slot);
      else if (tail) {
        const list = this.nested.get(head) ?? [];
        list.push([tail, slot]);
        this.nested.set(head, list);
      } else this.facts.set(head, slot);
    }
  }

  /** Whether an attribute is read by `read` rather than derived from other fields. */
  has(name: string): boolean {
    return !DERIVED_READERS.has(name);
  }

  /** Writes each attribute's value into its slot; the slots of those the record does not state are left alone. */
  read(record: AssessableRecord, values: AttributeValue[]): void {
    const safeguards = record.safeguards as Record<string, unknown> | undefined;
    if (safeguards && this.safeguards.size) {
      for (const key in safeguards) {
        const slot = this.safeguards.get(key);
        if (slot === undefined) continue;
        const v = safeguards[key];
        values[slot] = isUnknown(v) ? undefined : (v as boolean);
      }
    }
    const facts = record.facts as Record<string, unknown> | undefined;
    if (!facts) return;
    for (const key in facts) {
      const slot = this.facts.get(key);
      if (slot !== undefined) {
        const v = facts[key];
        values[slot] = isUnknown(v) ? undefined : (v as AttributeValue);
      }
      const nested = this.nested.get(key);
      if (nested) {
        const inner = facts[key] as Record<string, unknown> | undefined;
        for (const [tail, slot] of nested) {
          const v = inner?.[tail];
          values[slot] = isUnknown(v) ? undefined : (v as AttributeValue);
        }
      }
    }
  }
}

/** The record's sources that back an attribute: those that say they support its field. */
export function attributeSources(record: AssessableRecord, attribute: string): Source[] {
  const field = attributeField(attribute);
  const sources = record.sources ?? [];
  const cited = new Set(field === 'safeguards' ? (record.safeguards?.sources ?? []) : []);
  return sources.filter((s) => cited.has(s.id) || s.supports?.includes(field as never));
}
