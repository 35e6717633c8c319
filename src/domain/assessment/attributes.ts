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

/** Whether a country code is the EU's or a member state's (for `in_eu`). */
const isEu = (c: string): boolean => c === 'EU' || EU_MEMBER_STATES.has(c);

/**
 * Reads a record's attributes into their numbered slots, with code made once per rule-set
 * version (`new Function`, as generate.ts does, and under the same rule: attribute names enter
 * the source only as JSON literals, slots as numbers).
 *
 * `facts` and `safeguards` are walked once each (`for…in`): a record states a different selection
 * of facts from the next, so their objects rarely share a shape, and looking up a property of
 * such an object by name (V8 caches lookups per shape and name) costs more than walking all its
 * properties. Each key is looked up once, in one Map per object (a nested object's head, such as
 * `evidence`, has a negative code). The attributes derived from the record's descriptive fields
 * are read by straight-line code. Gives what readAttribute gives for each (own properties: no
 * fact is named like an Object property).
 */
export class StatedAttributes {
  /** Writes the values of the stated attributes (facts, safeguards) into their slots; others are left alone. */
  readonly read: (record: AssessableRecord, values: AttributeValue[]) => void;
  /** Writes every attribute's value into its slot (undefined: unknown), overwriting what was there. */
  readonly readAll: (record: AssessableRecord, values: AttributeValue[]) => void;

  constructor(slots: ReadonlyMap<string, number>) {
    const facts = new Map<string, number>();
    const safeguards = new Map<string, number>();
    /** Nested heads (evidence) → their slot as a fact (if any) and the tails read from them. */
    const nested = new Map<string, { slot: number | undefined; tails: [tail: string, slot: number][] }>();
    const derived: [name: string, slot: number][] = [];
    const stated: number[] = [];
    for (const [name, slot] of slots) {
      if (DERIVED_READERS.has(name)) {
        derived.push([name, slot]);
        continue;
      }
      stated.push(slot);
      const [head, tail] = name.split('.') as [string, string | undefined];
      if (head === 'safeguards' && tail) safeguards.set(tail, slot);
      else if (tail) {
        const entry = nested.get(head) ?? { slot: undefined, tails: [] };
        entry.tails.push([tail, slot]);
        nested.set(head, entry);
      } else facts.set(head, slot);
    }
    // A key's code in F: its slot, or -(1 + n) for the n-th nested head.
    const heads = [...nested];
    for (const [head, entry] of heads) {
      entry.slot = facts.get(head);
      facts.set(head, -1 - heads.findIndex(([h]) => h === head));
    }
    const known = (v: string) => `(${v} === undefined || ${v} === null || ${v} === 'unknown' ? undefined : ${v})`;
    let statedCode = '';
    if (safeguards.size) {
      statedCode += `const sg = record.safeguards;\nif (sg) for (const k in sg) { const s = SG.get(k); if (s !== undefined) { v = sg[k]; values[s] = ${known('v')}; } }\n`;
    }
    statedCode += `const f = record.facts;\nif (f) for (const k in f) {\nconst s = F.get(k);\nif (s === undefined) continue;\nv = f[k];\n`;
    statedCode += `if (s >= 0) { values[s] = ${known('v')}; continue; }\n`;
    heads.forEach(([, entry], n) => {
      statedCode += `if (s === ${-1 - n}) {\n`;
      if (entry.slot !== undefined) statedCode += `values[${entry.slot}] = ${known('v')};\n`;
      statedCode += `const inner = v;\n`;
      for (const [tail, slot] of entry.tails) statedCode += `v = inner?.[${JSON.stringify(tail)}]; values[${slot}] = ${known('v')};\n`;
      statedCode += `continue;\n}\n`;
    });
    statedCode += `}\n`;
    let derivedCode = '';
    for (const [name, slot] of derived) {
      switch (name) {
        case 'jurisdictions':
          derivedCode += `values[${slot}] = record.countries;\n`;
          break;
        case 'in_eu':
          derivedCode += `v = record.countries; values[${slot}] = v?.length ? v.some(isEu) : undefined;\n`;
          break;
        case 'domain':
          derivedCode += `values[${slot}] = record.domains;\n`;
          break;
        case 'deployer_type':
        case 'capabilities':
        case 'status':
          derivedCode += `values[${slot}] = record[${JSON.stringify(name)}];\n`;
          break;
        default:
          throw new Error(`no reader for ${name}`);
      }
    }
    const reset = stated.map((slot) => `values[${slot}] = undefined;`).join('\n');
    const source =
      `'use strict';\n` +
      `return [function read(record, values) {\nlet v;\n${statedCode}}, ` +
      `function readAll(record, values) {\nlet v;\n${reset}\n${derivedCode}${statedCode}}];`;
    // Made from the rule book's attribute names, never from user input (see above).
    const factory = new Function('F', 'SG', 'isEu', source) as (
      f: ReadonlyMap<string, number>,
      sg: ReadonlyMap<string, number>,
      eu: (c: string) => boolean,
    ) => [StatedAttributes['read'], StatedAttributes['readAll']];
    [this.read, this.readAll] = factory(facts, safeguards, isEu);
  }

  /** Whether an attribute is read by `read` rather than derived from other fields. */
  has(name: string): boolean {
    return !DERIVED_READERS.has(name);
  }
}

/** The record's sources that back an attribute: those that say they support its field. */
export function attributeSources(record: AssessableRecord, attribute: string): Source[] {
  const field = attributeField(attribute);
  const sources = record.sources ?? [];
  const cited = new Set(field === 'safeguards' ? (record.safeguards?.sources ?? []) : []);
  return sources.filter((s) => cited.has(s.id) || s.supports?.includes(field as never));
}
